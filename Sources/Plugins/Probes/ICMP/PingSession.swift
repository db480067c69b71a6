import Kernel
import PacketSupport
import Synchronization

/// One ping run against one address: sends `count` echo requests through the shared
/// `ICMPEngine` and collects the replies routed back to it by sequence number.
final class PingSession: PacketSink {
    struct Plan: Sendable {
        var destination: IPAddress
        var count: Int
        var interval: Double
        var packetTimeout: Double
        var payloadSize: Int
        var sendOptions: SendOptions
        /// Seconds from the start after which the session stops waiting whatever happens.
        var deadline: Double
    }

    /// What one echo request found.
    struct Packet: Sendable {
        var sentAt: Int64?
        var rtt: Double?
        var replyTTL: UInt8?
        var error: PacketEvent?
        var late = false

        /// Records the echo reply `event` to a request sent at `sentAt`: its round trip and
        /// TTL, or `late` when it took longer than `timeout`.
        mutating func recordReply(_ event: PacketEvent, sentAt: Int64, timeout: Double) {
            let rtt = Double(max(event.timestamp - sentAt, 0)) / 1e9
            if rtt > timeout {
                late = true
            } else {
                self.rtt = rtt
                replyTTL = event.ttl
            }
        }
    }

    struct Outcome: Sendable {
        var packets: [Packet]
        var duplicates: Int
        var outOfOrder: Int
        var sendErrors: [String]
    }

    private struct State {
        var packets: [Packet]
        var duplicates = 0
        var outOfOrder = 0
        var highestAnswered = -1
        var sent = 0
        var inFlight = 0
        var answered = 0
        var sendErrors: [String] = []
        var waiter: CheckedContinuation<Void, Never>?
        var timer: UInt64?
    }

    private let engine: ICMPEngine
    private let plan: Plan
    private let cookie = UInt32.random(in: 0...UInt32.max)
    private let state: Mutex<State>
    private let base = Atomic<UInt16>(0)

    init(engine: ICMPEngine, plan: Plan) {
        self.engine = engine
        self.plan = plan
        self.state = Mutex(State(packets: Array(repeating: Packet(), count: plan.count)))
    }

    /// Sends every request on schedule and waits for the replies.
    func run() async throws -> Outcome {
        let base = try engine.reserveSequences(count: plan.count, for: self)
        self.base.store(base, ordering: .releasing)
        defer { engine.releaseSequences(from: base, count: plan.count) }
        let clock = ContinuousClock()
        let start = clock.now
        let stop = start + .seconds(plan.deadline)
        for index in 0..<plan.count {
            if index > 0 {
                try await Task.sleep(until: min(start + .seconds(plan.interval * Double(index)), stop), clock: .continuous)
                if clock.now >= stop { break }
            }
            let request = EchoRequest(family: plan.destination.family, identifier: 0, sequence: base &+ UInt16(index),
                                      cookie: cookie, payloadSize: plan.payloadSize)
            // Record the send time under the lock before the packet leaves, so a reply on
            // the reader thread always finds it.
            let sentAt = Clock.realtimeNanoseconds()
            state.withLock { $0.packets[index].sentAt = sentAt; $0.sent = index + 1; $0.inFlight += 1 }
            switch engine.send(request, to: plan.destination, options: plan.sendOptions) {
            case .success(let exactSentAt):
                state.withLock { $0.packets[index].sentAt = exactSentAt }
            case .failure(let error):
                state.withLock { $0.packets[index].sentAt = nil; $0.inFlight -= 1; $0.sendErrors.append(error.description) }
            }
        }
        let lastWait = min(clock.now + .seconds(plan.packetTimeout), stop)
        await waitForReplies(until: lastWait)
        return state.withLock { state in
            Outcome(packets: state.packets, duplicates: state.duplicates, outOfOrder: state.outOfOrder, sendErrors: state.sendErrors)
        }
    }

    /// Waits until every request sent is answered or `deadline` passes. The deadline is a
    /// timer on the engine's reader thread, cancelled by the last reply, not a sleeping task.
    private func waitForReplies(until deadline: ContinuousClock.Instant) async {
        let seconds = (deadline - ContinuousClock.now) / .seconds(1)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.answered >= state.inFlight { return true }
                state.waiter = continuation
                return false
            }
            if done {
                continuation.resume()
                return
            }
            let token = engine.schedule(after: seconds) { [weak self] in self?.wake() }
            let finishedMeanwhile = state.withLock { state -> Bool in
                guard state.waiter != nil else { return true }
                state.timer = token
                return false
            }
            if finishedMeanwhile { engine.cancelTimer(token) }
        }
    }

    private func wake() {
        state.withLock { state in
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }?.resume()
    }

    func receive(_ event: PacketEvent) {
        let index = Int(UInt16(truncatingIfNeeded: event.key) &- base.load(ordering: .acquiring))
        guard index < plan.count else { return }
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard let sentAt = state.packets[index].sentAt else { return nil }
            switch event.kind {
            case .echoReply(let cookie):
                guard cookie == self.cookie, event.responder == plan.destination else { return nil }
                if state.packets[index].rtt != nil || state.packets[index].late {
                    state.duplicates += 1
                    return nil
                }
                state.packets[index].recordReply(event, sentAt: sentAt, timeout: plan.packetTimeout)
                if index < state.highestAnswered { state.outOfOrder += 1 }
                state.highestAnswered = max(state.highestAnswered, index)
            case .icmpError:
                guard state.packets[index].error == nil, state.packets[index].rtt == nil else { return nil }
                state.packets[index].error = event
            case .tcp:
                return nil
            }
            state.answered += 1
            guard state.sent == plan.count, state.answered >= state.inFlight else { return nil }
            let waiter = state.waiter
            state.waiter = nil
            if let timer = state.timer { engine.cancelTimer(timer) }
            state.timer = nil
            return waiter
        }
        waiter?.resume()
    }
}
