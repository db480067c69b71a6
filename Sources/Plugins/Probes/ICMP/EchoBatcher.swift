import Kernel
import PacketSupport
import Synchronization

/// Single-echo pings (what a monitor with `count: 1` runs) coalesced into batches on the
/// shared ICMP socket, as `PingSweep` does for a list given at once: the monitors the
/// scheduler starts at one wake-up join one batch, which the socket's reader thread sends and
/// times out with one timer, and each reply is handed to its run from that same thread.
///
/// A run through `PingSession` reserves and releases sequence numbers, sends from its own
/// task and keeps a timer of its own; here the sequence numbers are a block reserved once
/// (one slot each) and every send and deadline of a batch happens in one reader-thread wake-up.
/// The result is the same `PingSession.Outcome` a one-packet session produces.
final class EchoBatcher: PacketSink, Sendable {
    /// One request: where it goes and, once sent, what came back.
    private struct Slot {
        var destination: IPAddress
        var payloadSize: Int
        /// A reply later than this is late (not counted), as in a session.
        var timeout: Double
        /// How long after the send the run waits.
        var wait: Double
        var sendOptions: SendOptions
        var cookie: UInt32
        var continuation: CheckedContinuation<PingSession.Outcome, Never>?
        var packet = PingSession.Packet()
        var sendError: String?
    }

    private struct State {
        var slots: [Slot?]
        var cursor = 0
        /// Slots waiting for the next batch's send.
        var queued: [Int] = []
    }

    /// Slots, so sequence numbers, held for the life of the process per socket.
    static let capacity = 4096
    /// How long a batch stays open after its first request: the runs started at one
    /// scheduler wake-up reach it within this.
    static let window = 0.001

    private let engine: ICMPEngine
    private let base: UInt16
    private let state = Mutex(State(slots: Array(repeating: nil, count: EchoBatcher.capacity)))

    private static let all = Mutex<[ObjectIdentifier: EchoBatcher]>([:])

    /// The batcher of `engine`, created on first use; nil when the socket has no block of
    /// sequence numbers left for it (runs then use their own session).
    static func shared(for engine: ICMPEngine) -> EchoBatcher? {
        all.withLock { batchers in
            if let existing = batchers[ObjectIdentifier(engine)] { return existing }
            guard let batcher = EchoBatcher(engine: engine) else { return nil }
            batchers[ObjectIdentifier(engine)] = batcher
            return batcher
        }
    }

    private init?(engine: ICMPEngine) {
        self.engine = engine
        // The block is assigned to this batcher once it exists (a sink must be an object).
        guard let base = try? engine.reserveSequences(count: Self.capacity, for: PlaceholderSink()) else { return nil }
        self.base = base
        engine.assignSequences(from: base, count: Self.capacity, to: self)
    }

    /// Sends one echo request with the next batch and returns what came back within `wait`
    /// seconds of the send (a reply later than `timeout` is late); nil when every slot is
    /// busy (the caller runs a session instead).
    func ping(_ destination: IPAddress, timeout: Double, wait: Double, payloadSize: Int, sendOptions: SendOptions) async -> PingSession.Outcome? {
        let slot = Slot(destination: destination, payloadSize: payloadSize, timeout: timeout, wait: wait, sendOptions: sendOptions,
                        cookie: UInt32.random(in: 0...UInt32.max))
        guard let index = claim(slot) else { return nil }
        let cookie = slot.cookie
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let opensBatch = state.withLock { state -> Bool in
                    state.slots[index]?.continuation = continuation
                    state.queued.append(index)
                    return state.queued.count == 1
                }
                if opensBatch { _ = engine.schedule(after: Self.window) { [self] in sendBatch() } }
            }
        } onCancel: {
            finish(index, cookie: cookie)
        }
    }

    private func claim(_ slot: Slot) -> Int? {
        state.withLock { state in
            for step in 0..<Self.capacity {
                let index = (state.cursor + step) % Self.capacity
                if state.slots[index] == nil {
                    state.slots[index] = slot
                    state.cursor = (index + 1) % Self.capacity
                    return index
                }
            }
            return nil
        }
    }

    /// On the reader thread: sends every queued request, then sets one deadline per timeout.
    private func sendBatch() {
        let batch: [(index: Int, slot: Slot)] = state.withLock { state in
            let batch = state.queued.compactMap { index in state.slots[index].map { (index, $0) } }
            state.queued.removeAll(keepingCapacity: true)
            return batch
        }
        var deadlines: [Double: [(index: Int, cookie: UInt32)]] = [:]
        for (index, slot) in batch {
            let request = EchoRequest(family: slot.destination.family, identifier: 0, sequence: base &+ UInt16(index),
                                      cookie: slot.cookie, payloadSize: slot.payloadSize)
            // The send time is recorded before the packet leaves, so a reply always finds it.
            let recorded = state.withLock { state -> Bool in
                guard state.slots[index] != nil else { return false }
                state.slots[index]?.packet.sentAt = Clock.realtimeNanoseconds()
                return true
            }
            guard recorded else { continue }
            switch engine.send(request, to: slot.destination, options: slot.sendOptions) {
            case .success(let sentAt):
                state.withLock { $0.slots[index]?.packet.sentAt = sentAt }
                deadlines[slot.wait, default: []].append((index, slot.cookie))
            case .failure(let error):
                state.withLock { $0.slots[index]?.packet.sentAt = nil; $0.slots[index]?.sendError = error.description }
                finish(index, cookie: slot.cookie)
            }
        }
        for (timeout, sent) in deadlines {
            _ = engine.schedule(after: timeout) { [self] in for (index, cookie) in sent { finish(index, cookie: cookie) } }
        }
    }

    func receive(_ event: PacketEvent) {
        let index = Int(UInt16(truncatingIfNeeded: event.key) &- base)
        guard index >= 0, index < Self.capacity else { return }
        let answered = state.withLock { state -> UInt32? in
            guard var slot = state.slots[index], let sentAt = slot.packet.sentAt else { return nil }
            switch event.kind {
            case .echoReply(let cookie):
                guard cookie == slot.cookie, event.responder == slot.destination else { return nil }
                slot.packet.recordReply(event, sentAt: sentAt, timeout: slot.timeout)
            case .icmpError:
                slot.packet.error = event
            case .tcp:
                return nil
            }
            state.slots[index] = slot
            return slot.cookie
        }
        if let answered { finish(index, cookie: answered) }
    }

    /// Frees a slot and resumes its run with what it got, once: a later reply, deadline or
    /// cancellation finds the slot empty, or reused by a request with another cookie.
    private func finish(_ index: Int, cookie: UInt32) {
        let done: (CheckedContinuation<PingSession.Outcome, Never>, PingSession.Outcome)? = state.withLock { state in
            guard let slot = state.slots[index], slot.cookie == cookie, let continuation = slot.continuation else { return nil }
            // A slot cancelled before its send is dropped from the queue, so it is not sent.
            state.queued.removeAll { $0 == index }
            state.slots[index] = nil
            return (continuation, PingSession.Outcome(packets: [slot.packet], duplicates: 0, outOfOrder: 0,
                                                      sendErrors: slot.sendError.map { [$0] } ?? []))
        }
        done.map { $0.0.resume(returning: $0.1) }
    }
}

/// Holds a block of sequence numbers until its owner exists.
private final class PlaceholderSink: PacketSink, Sendable {
    func receive(_ event: PacketEvent) {}
}
