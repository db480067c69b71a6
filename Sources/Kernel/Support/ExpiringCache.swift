import Foundation
import Synchronization

/// A small thread-safe cache whose entries expire after `lifetime` seconds; when it holds
/// `capacity` entries it drops the expired ones, then all. For hot lookups on the request
/// path (the user behind a token, the key behind a prefix) where a short staleness is fine.
public final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: (value: Value, expires: Double)]>([:])
    private let lifetime: Double
    private let capacity: Int

    /// Creates a cache.
    public init(lifetime: Double, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached value, or nil when absent or expired.
    public func value(for key: Key, now: Double = Date().timeIntervalSince1970) -> Value? {
        entries.withLock { table in
            guard let entry = table[key], entry.expires > now else { return nil }
            return entry.value
        }
    }

    /// Stores a value.
    public func store(_ value: Value, for key: Key, now: Double = Date().timeIntervalSince1970) {
        entries.withLock { table in
            if table.count >= capacity {
                table = table.filter { $0.value.expires > now }
                if table.count >= capacity { table.removeAll() }
            }
            table[key] = (value, now + lifetime)
        }
    }

    /// Drops a key.
    public func remove(_ key: Key) { _ = entries.withLock { $0.removeValue(forKey: key) } }
}
