/// The bookkeeping of one trace round, free of sockets and clocks so it can be tested alone:
/// which probes to send next, which have answered or expired, where the destination is, and
/// which hops are finished.
///
/// Probes are ordered by TTL, then by probe number, and sent `parallel` at a time (all TTLs
/// of a short path go out at once). When the destination (or a host or network unreachable)
/// answers at TTL d, nothing beyond d is sent and answers beyond d are dropped. A silent probe
/// waits `wait` seconds at most, and only `nearFactor` times the round trip of a later hop
/// once one has answered.
public struct TraceRound: Sendable {
    /// One probe's fate.
    public struct Slot: Sendable, Hashable {
        public var ttl: Int
        public var sentAt: Int64?
        public var answeredAt: Int64?
        public var responder: IPAddress?
        public var replyTTL: UInt8?
        public var terminal = false
        public var annotation: String?
        public var expired = false

        /// Round-trip time in seconds, when answered.
        public var rtt: Double? {
            guard let sentAt, let answeredAt else { return nil }
            return Double(max(answeredAt - sentAt, 0)) / 1e9
        }

        var isDone: Bool { answeredAt != nil || expired }
    }

    public let settings: TraceSettings
    /// Every probe of the round, by index: `(ttl - firstTTL) * probesPerHop + n`.
    public private(set) var slots: [Slot]
    /// The TTL at which the destination (or a terminal error) answered.
    public private(set) var cutoffTTL: Int?
    /// When the round ended (realtime nanoseconds), set by the session.
    public var finishedAt: Int64?
    /// Hops already reported, counted from `firstTTL`.
    public private(set) var reportedHops = 0
    private var nextToSend = 0
    private var inFlight = 0

    /// A round for `settings`.
    public init(settings: TraceSettings) {
        self.settings = settings
        self.slots = (0..<settings.probeCount).map { Slot(ttl: settings.firstTTL + $0 / max(settings.probesPerHop, 1)) }
    }

    /// The highest TTL still worth probing.
    public var lastTTL: Int { cutoffTTL ?? settings.maxHops }

    /// Marks the probes to send now and returns their indices.
    public mutating func takeSendable(now: Int64) -> [Int] {
        var batch: [Int] = []
        while inFlight < settings.parallel, nextToSend < slots.count, slots[nextToSend].ttl <= lastTTL {
            slots[nextToSend].sentAt = now
            batch.append(nextToSend)
            nextToSend += 1
            inFlight += 1
        }
        return batch
    }

    /// Corrects a probe's send time to when it really left.
    public mutating func setSent(_ index: Int, at time: Int64) { slots[index].sentAt = time }

    /// A probe that could not be sent counts as silent.
    public mutating func sendFailed(_ index: Int) {
        guard !slots[index].isDone else { return }
        slots[index].expired = true
        inFlight -= 1
    }

    /// Records an answer; returns false when it was late, a duplicate, or beyond the destination.
    @discardableResult
    public mutating func record(_ event: PacketEvent, index: Int) -> Bool {
        guard slots.indices.contains(index), slots[index].sentAt != nil, !slots[index].isDone else { return false }
        let ttl = slots[index].ttl
        if let cutoffTTL, ttl > cutoffTTL { return false }
        slots[index].answeredAt = event.timestamp
        slots[index].responder = event.responder
        slots[index].replyTTL = event.ttl
        inFlight -= 1
        let reachedDestination = event.responder == settings.destination && event.isTerminal
        if case .icmpError(let type, let code) = event.kind {
            slots[index].annotation = ICMPErrorText.annotation(type: type, code: code, family: settings.destination.family)
        }
        if reachedDestination || slots[index].annotation != nil {
            slots[index].terminal = true
            if cutoffTTL.map({ ttl < $0 }) ?? true { cutoffTTL = ttl }
        }
        return true
    }

    /// How long probe `index` may wait, in nanoseconds, given the answers so far.
    public func allowedWait(_ index: Int) -> Int64 {
        let ttl = slots[index].ttl
        let later = slots.lazy.filter { $0.ttl > ttl }.compactMap(\.rtt).max()
        var wait = settings.wait
        if let later { wait = min(wait, max(later * settings.nearFactor, settings.minimumWait)) }
        return Int64(wait * 1e9)
    }

    /// Expires probes whose wait is over; returns the earliest future deadline, if any.
    public mutating func expire(now: Int64) -> Int64? {
        var earliest: Int64?
        for index in slots.indices where slots[index].sentAt != nil && !slots[index].isDone {
            if let cutoffTTL, slots[index].ttl > cutoffTTL {
                slots[index].expired = true
                inFlight -= 1
                continue
            }
            let deadline = slots[index].sentAt! + allowedWait(index)
            if deadline <= now {
                slots[index].expired = true
                inFlight -= 1
            } else {
                earliest = min(earliest ?? deadline, deadline)
            }
        }
        return earliest
    }

    /// Gives up at the run's deadline: every unanswered probe counts as silent and nothing
    /// more is sent.
    public mutating func abandon() {
        for index in slots.indices where !slots[index].isDone { slots[index].expired = true }
        nextToSend = slots.count
        inFlight = 0
    }

    /// Whether every probe up to the last useful TTL is answered or expired.
    public var isComplete: Bool {
        slots.allSatisfy { $0.ttl > lastTTL || $0.isDone }
    }

    /// Hops that are now finished, in TTL order, not reported before: a hop is reported once
    /// it and every hop before it are done.
    public mutating func takeFinishedHops() -> [Int] {
        var finished: [Int] = []
        while true {
            let ttl = settings.firstTTL + reportedHops
            guard ttl <= lastTTL else { break }
            let hop = slots.filter { $0.ttl == ttl }
            guard !hop.isEmpty, hop.allSatisfy(\.isDone) else { break }
            finished.append(ttl)
            reportedHops += 1
        }
        return finished
    }

    /// The probes of one hop.
    public func probes(atTTL ttl: Int) -> [Slot] { slots.filter { $0.ttl == ttl } }

    /// Whether the destination answered.
    public var reachedDestination: Bool {
        slots.contains { $0.terminal && $0.responder == settings.destination }
    }
}
