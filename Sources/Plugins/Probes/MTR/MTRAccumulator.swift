import PacketSupport

/// Per-hop totals over every round of an mtr run.
struct MTRAccumulator: Sendable {
    private var hubs: [Int: MTRHub] = [:]
    /// The smallest TTL at which the destination answered in any round.
    private(set) var destinationTTL: Int?
    /// Whether any round reached the destination.
    private(set) var reached = false
    let maxHops: Int

    init(maxHops: Int) { self.maxHops = maxHops }

    /// The totals of one hop (empty when it was never probed).
    func hub(_ ttl: Int) -> MTRHub { hubs[ttl] ?? MTRHub(ttl: ttl) }

    mutating func add(_ round: TraceRound) {
        for slot in round.slots where slot.ttl <= round.lastTTL {
            hubs[slot.ttl, default: MTRHub(ttl: slot.ttl)].add(slot)
        }
        if round.reachedDestination {
            reached = true
            if let cutoff = round.cutoffTTL { destinationTTL = min(destinationTTL ?? cutoff, cutoff) }
        } else if let cutoff = round.cutoffTTL, destinationTTL == nil {
            destinationTTL = cutoff
        }
    }

    /// The hops to show: up to the destination, or up to one past the last hop that answered.
    var visibleHubs: [MTRHub] {
        let lastAnswered = hubs.values.filter { $0.received > 0 }.map(\.ttl).max() ?? 0
        let last = destinationTTL ?? min(lastAnswered + 1, maxHops)
        return (1...max(last, 1)).map { hub($0) }
    }

    /// The destination's hop, when reached.
    var destinationHub: MTRHub? { destinationTTL.map { hub($0) } }
}
