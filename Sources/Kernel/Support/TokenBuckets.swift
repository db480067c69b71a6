import Foundation
import Synchronization

/// Token buckets by key: a key may burst up to `limit` and regains tokens evenly over
/// `perSeconds`. Thread-safe; idle full buckets are dropped when the table grows, so memory
/// stays bounded by the number of recently active keys. Used for API rate limits and login
/// throttling.
public final class TokenBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let maximumKeys: Int

    /// Creates an empty table holding at most about `maximumKeys` keys.
    public init(maximumKeys: Int = 100_000) { self.maximumKeys = maximumKeys }

    /// The seconds until `key` has a token, without taking one; nil when it has one now.
    public func wait(_ key: String, limit: Int, perSeconds: Double, now: Double = Date().timeIntervalSince1970) -> Double? {
        let capacity = Double(limit)
        let rate = capacity / perSeconds
        return buckets.withLock { table in
            guard let bucket = table[key] else { return nil }
            let tokens = min(capacity, bucket.tokens + max(now - bucket.updated, 0) * rate)
            return tokens >= 1 ? nil : (1 - tokens) / rate
        }
    }

    /// Takes a token for `key`; nil when allowed, else the seconds until one is free.
    public func take(_ key: String, limit: Int, perSeconds: Double, now: Double = Date().timeIntervalSince1970) -> Double? {
        let capacity = Double(limit)
        let rate = capacity / perSeconds
        return buckets.withLock { table in
            var bucket = table[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + max(now - bucket.updated, 0) * rate)
            bucket.updated = now
            defer {
                table[key] = bucket
                if table.count > maximumKeys {
                    table = table.filter { $0.value.tokens + (now - $0.value.updated) * rate < capacity }
                }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / rate
        }
    }
}
