import Kernel
import Synchronization

/// A bounded cache of lookups, in two generations: a hit in the older one is kept, and when
/// the newer one fills the older is dropped. Cheap (one lock, no per-entry bookkeeping) and
/// close to least-recently-used for the hot addresses of ingestion and traces. Answers of
/// nothing known are cached too (as an empty annotation).
final class GeoIPCache: Sendable {
    private struct Generations {
        var current: [String: AddressAnnotation] = [:]
        var previous: [String: AddressAnnotation] = [:]
    }

    private let halfCapacity: Int
    private let generations = Mutex(Generations())

    /// A cache of about `capacity` entries; 0 caches nothing.
    init(capacity: Int) { halfCapacity = capacity / 2 }

    /// The cached answer for `address`, or nil when it is not cached.
    func answer(for address: String) -> AddressAnnotation? {
        guard halfCapacity > 0 else { return nil }
        return generations.withLock { cache in
            if let hit = cache.current[address] { return hit }
            guard let hit = cache.previous[address] else { return nil }
            Self.insert(address, hit, into: &cache, half: halfCapacity)
            return hit
        }
    }

    /// Remembers the answer for `address`.
    func remember(_ answer: AddressAnnotation, for address: String) {
        guard halfCapacity > 0 else { return }
        generations.withLock { Self.insert(address, answer, into: &$0, half: halfCapacity) }
    }

    /// Forgets every answer (the databases changed).
    func removeAll() { generations.withLock { $0 = Generations() } }

    private static func insert(_ address: String, _ answer: AddressAnnotation, into cache: inout Generations, half: Int) {
        if cache.current.count >= half {
            cache.previous = cache.current
            cache.current = [:]
        }
        cache.current[address] = answer
    }
}
