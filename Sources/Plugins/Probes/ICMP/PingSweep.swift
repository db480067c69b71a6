#if canImport(Glibc)
import Glibc
#endif
import Kernel
import PacketSupport
import Synchronization

/// fping's job: one echo (or `count`) to each of many addresses, paced at one request every
/// `spacing` seconds, through the shared ICMP socket. The socket's reader thread paces the
/// sends between reads and one waiter collects every reply, so a sweep costs about one
/// thread wake-up per send and per reply, not a task per target. Monitors use `ICMPProbe`; this is the bulk API
/// (and what `Benchmarks/PingSweep` measures against fping).
public final class PingSweep: PacketSink, PacketPacer {
    /// What one target answered.
    public struct TargetResult: Sendable, Hashable {
        public var address: IPAddress
        public var sent = 0
        /// Round-trip times in seconds of the replies, in request order.
        public var rtts: [Double] = []
    }

    private struct State {
        var sentAt: [Int64]
        var rtts: [Double?]
        var sent = 0
        var answered = 0
        var finishedSending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let engine: ICMPEngine
    private let destinations: [IPAddress]
    private let count: Int
    private let spacing: Double
    private let timeout: Double
    private let payloadSize: Int
    private let cookie = UInt32.random(in: 0...UInt32.max)
    private let base = Atomic<UInt16>(0)
    private let state: Mutex<State>

    /// A sweep of `destinations` (all of one family, at most 16,384 requests in all).
    public init(engine: ICMPEngine, destinations: [IPAddress], count: Int = 1, spacing: Double = 0.001,
                timeout: Double = 0.5, payloadSize: Int = 56) {
        self.engine = engine
        self.destinations = destinations
        self.count = count
        self.spacing = spacing
        self.timeout = timeout
        self.payloadSize = payloadSize
        let total = destinations.count * count
        state = Mutex(State(sentAt: Array(repeating: 0, count: total), rtts: Array(repeating: nil, count: total)))
    }

    /// Sends every request on schedule (targets in turn, like fping), waits up to `timeout`
    /// after the last, and returns each target's replies.
    public func run() async throws -> [TargetResult] {
        let total = destinations.count * count
        let first = try engine.reserveSequences(count: total, for: self)
        base.store(first, ordering: .releasing)
        defer { engine.releaseSequences(from: first, count: total) }
        // Pacing runs on the socket's reader thread, which sleeps in ppoll until the next send
        // or reply: one thread wakes per event, as in fping.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            pacing.withLock { $0 = Pacing(first: first, total: total, start: Clock.monotonicNanoseconds(), continuation: continuation) }
            engine.attach(self)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                state.finishedSending = true
                if state.answered >= state.sent { return true }
                state.waiter = continuation
                return false
            }
            if done {
                continuation.resume()
                return
            }
            // The deadline is a timer on the engine's reader thread, as in PingSession.
            _ = engine.schedule(after: timeout) { [weak self] in
                self?.state.withLock { state in
                    let waiter = state.waiter
                    state.waiter = nil
                    return waiter
                }?.resume()
            }
        }
        return state.withLock { state in
            var results = destinations.map { TargetResult(address: $0) }
            for index in 0..<total where state.sentAt[index] != 0 {
                results[index % destinations.count].sent += 1
                if let rtt = state.rtts[index] { results[index % destinations.count].rtts.append(rtt) }
            }
            return results
        }
    }

    private struct Pacing {
        var first: UInt16
        var total: Int
        var start: Int64
        var next = 0
        var continuation: CheckedContinuation<Void, Never>?
    }

    private let pacing = Mutex<Pacing?>(nil)

    public func nextDue() -> Int64? {
        pacing.withLock { pacing in
            guard let pacing, pacing.next < pacing.total else { return nil }
            return pacing.start + Int64(spacing * 1e9) * Int64(pacing.next)
        }
    }

    /// Sends every request that is due by `now`, so a late wake-up catches up.
    public func fire(now: Int64) {
        while true {
            let due: (index: Int, first: UInt16)? = pacing.withLock { pacing in
                guard let current = pacing, current.next < current.total,
                      current.start + Int64(spacing * 1e9) * Int64(current.next) <= now else { return nil }
                pacing!.next += 1
                return (current.next, current.first)
            }
            guard let due else { break }
            send(due.index, first: due.first)
        }
        let finished = pacing.withLock { pacing -> CheckedContinuation<Void, Never>? in
            guard let current = pacing, current.next >= current.total else { return nil }
            let continuation = current.continuation
            pacing!.continuation = nil
            return continuation
        }
        finished?.resume()
    }

    private func send(_ index: Int, first: UInt16) {
        let destination = destinations[index % destinations.count]
        let request = EchoRequest(family: destination.family, identifier: 0, sequence: first &+ UInt16(truncatingIfNeeded: index),
                                  cookie: cookie, payloadSize: payloadSize)
        let sentAt = Clock.realtimeNanoseconds()
        state.withLock { $0.sentAt[index] = sentAt; $0.sent += 1 }
        if case .success(let exact) = engine.send(request, to: destination) {
            state.withLock { $0.sentAt[index] = exact }
        } else {
            state.withLock { $0.sentAt[index] = 0; $0.sent -= 1 }
        }
    }

    public func receive(_ event: PacketEvent) {
        guard case .echoReply(let cookie) = event.kind, cookie == self.cookie else { return }
        let index = Int(UInt16(truncatingIfNeeded: event.key) &- base.load(ordering: .acquiring))
        guard index < destinations.count * count, event.responder == destinations[index % destinations.count] else { return }
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            let sentAt = state.sentAt[index]
            guard sentAt != 0, state.rtts[index] == nil else { return nil }
            let rtt = Double(max(event.timestamp - sentAt, 0)) / 1e9
            guard rtt <= timeout else { return nil }
            state.rtts[index] = rtt
            state.answered += 1
            guard state.finishedSending, state.answered >= state.sent else { return nil }
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }
}
