import Foundation
import Synchronization

/// The last result of each monitor this server runs, kept beside the engine for `/metrics`.
///
/// Checks record here as they complete; a scrape reads it without the engine. Walking the
/// engine's jobs on its actor held the schedule for seconds at a million monitors, and
/// sorting a million identifiers as text to export the first 10,000 took most of a 17 s
/// scrape. The entries are split over shards, each behind its own lock held for one shard's
/// walk, and the first `limit` monitors by tenant and id are picked with a bounded heap.
public final class LatestResults: Sendable {
    /// Not a power of two: each shard's table doubles at 75 % full, and with 64 shards
    /// 100,000 monitors came to 1,562 a shard, just past the 1,536 that 2,048 buckets hold.
    private static let shardCount = 96
    private final class Shard: Sendable {
        let entries = Mutex<[MonitorID: LatestResult]>([:])
        func withLock<R>(_ body: (inout [MonitorID: LatestResult]) -> R) -> R { entries.withLock { body(&$0) } }
    }

    private let shards: [Shard]

    /// An empty board.
    public init() {
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    private func shard(of id: MonitorID) -> Shard {
        // The identifier's last two bytes are random (a v4 UUID's), so the shards fill evenly.
        let uuid = id.rawValue.uuid
        return shards[(Int(uuid.14) << 8 | Int(uuid.15)) % Self.shardCount]
    }

    /// Records the last result of a monitor.
    public func record(_ latest: LatestResult) {
        shard(of: latest.monitorID).withLock { $0[latest.monitorID] = latest }
    }

    /// Forgets a monitor (deleted, paused, or run by another server now).
    public func remove(_ id: MonitorID) {
        _ = shard(of: id).withLock { $0.removeValue(forKey: id) }
    }

    /// The monitors with a result.
    public var count: Int { shards.reduce(0) { total, shard in total + shard.withLock { $0.count } } }

    /// The last result of `id`, if any.
    public func result(of id: MonitorID) -> LatestResult? { shard(of: id).withLock { $0[id] } }

    /// The first `limit` monitors by tenant and then id (the order `/metrics` exports them
    /// in), sorted, and how many monitors have a result in all.
    public func first(_ limit: Int) -> (results: [LatestResult], total: Int) {
        var kept = MinHeap<Descending<ExportOrder>, LatestResult>()
        var total = 0
        for shard in shards {
            shard.withLock { entries in
                total += entries.count
                for entry in entries.values {
                    let key = ExportOrder(entry)
                    if kept.count < limit {
                        kept.insert(entry, key: Descending(key))
                    } else if let largest = kept.first, key < largest.key.value {
                        kept.popFirst()
                        kept.insert(entry, key: Descending(key))
                    }
                }
            }
        }
        var sorted: [LatestResult] = []
        sorted.reserveCapacity(kept.count)
        while let next = kept.popFirst() { sorted.append(next.value) }
        return (Array(sorted.reversed()), total)
    }
}

/// The order `/metrics` exports monitors in: tenant, then monitor id, as their canonical text
/// sorts (the bytes of a UUID compare as its hexadecimal text does).
public struct ExportOrder: Comparable, Sendable {
    let tenantHigh: UInt64, tenantLow: UInt64, monitorHigh: UInt64, monitorLow: UInt64

    /// The place of `monitor` of `tenant`.
    public init(tenant: TenantID, monitor: MonitorID) {
        (tenantHigh, tenantLow) = Self.halves(tenant.rawValue)
        (monitorHigh, monitorLow) = Self.halves(monitor.rawValue)
    }

    init(_ latest: LatestResult) { self.init(tenant: latest.tenantID, monitor: latest.monitorID) }

    private static func halves(_ uuid: UUID) -> (UInt64, UInt64) {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            (UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    public static func < (lhs: ExportOrder, rhs: ExportOrder) -> Bool {
        (lhs.tenantHigh, lhs.tenantLow, lhs.monitorHigh, lhs.monitorLow) < (rhs.tenantHigh, rhs.tenantLow, rhs.monitorHigh, rhs.monitorLow)
    }
}

/// A key in reverse order, to keep the largest of a bounded set on top of a `MinHeap`.
struct Descending<Value: Comparable>: Comparable {
    let value: Value
    init(_ value: Value) { self.value = value }
    static func < (lhs: Descending, rhs: Descending) -> Bool { lhs.value > rhs.value }
}
