import Foundation

/// How stores keep a result's status in an integer column: 0 up, 1 degraded, 2 down.
public enum ResultStatusCode {
    /// The stored code of a status.
    public static func code(_ status: ProbeStatus) -> Int {
        switch status {
        case .up: 0
        case .degraded: 1
        case .down: 2
        }
    }

    /// The status of a stored code (unknown codes read as down).
    public static func status(_ code: Int) -> ProbeStatus {
        switch code {
        case 0: .up
        case 1: .degraded
        default: .down
        }
    }
}

extension StatusBucket {
    /// Every bucket of `bucketSeconds` covering `[from, to)`, oldest first, filled from
    /// (bucket index, status, count) rows a store grouped; rows outside the range are ignored.
    /// Results taken during maintenance (`maintenance` true) count as `maintenance` only.
    public static func fill(from: Date, to: Date, bucketSeconds: Int,
                            counts: [(index: Int, status: ProbeStatus, maintenance: Bool, count: Int)]) -> [StatusBucket] {
        let start = from.timeIntervalSince1970
        let width = Double(max(bucketSeconds, 1))
        let total = max(Int(((to.timeIntervalSince1970 - start) / width).rounded(.up)), 0)
        var buckets = (0..<total).map { StatusBucket(start: Date(timeIntervalSince1970: start + Double($0) * width)) }
        for (index, status, maintenance, count) in counts where buckets.indices.contains(index) {
            if maintenance {
                buckets[index].maintenance += count
                continue
            }
            switch status {
            case .up: buckets[index].up += count
            case .degraded: buckets[index].degraded += count
            case .down: buckets[index].down += count
            }
        }
        return buckets
    }
}

extension UptimeFigure {
    /// A figure from (status, count) rows a store grouped.
    /// Results taken during maintenance (`maintenance` true) count as `maintenance` only, not
    /// in `checks`.
    public init(counts: [(status: ProbeStatus, maintenance: Bool, count: Int)]) {
        self.init(checks: 0, up: 0, degraded: 0, down: 0)
        for (status, maintenance, count) in counts {
            if maintenance {
                self.maintenance += count
                continue
            }
            checks += count
            switch status {
            case .up: up += count
            case .degraded: degraded += count
            case .down: down += count
            }
        }
    }
}
