import Foundation
import Synchronization

/// Token buckets keyed by rule and client. Thread-safe; idle full buckets are dropped when
/// the table grows, so memory stays bounded by the number of recently active clients.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let maximumKeys: Int

    init(maximumKeys: Int = 100_000) { self.maximumKeys = maximumKeys }

    /// Takes a token for `key` under `rule`; nil when allowed, else the seconds until one is free.
    func take(_ key: String, rule: RateLimitRule, now: Double = Date().timeIntervalSince1970) -> Double? {
        let capacity = Double(rule.limit)
        let rate = capacity / rule.perSeconds
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
