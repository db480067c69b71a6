import Synchronization

/// The monitors checked on this server since alerting last read their results: the
/// evaluation service notes each `monitor.checked` here and, on its next pass, reads the
/// newest results of those a threshold covers. A monitor checked again while a pass runs
/// stays noted for the next one.
final class CheckedMonitors: Sendable {
    private let noted = Mutex<[MonitorID: (tenant: TenantID, generation: UInt64)]>([:])
    private let counter = Mutex<UInt64>(0)
    /// The most monitors kept; beyond it the oldest notes are lost (their next check notes them again).
    private let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Notes a check of `monitor`.
    func note(_ monitor: MonitorID, tenant: TenantID) {
        let generation = counter.withLock { value in
            value += 1
            return value
        }
        noted.withLock { noted in
            if noted.count >= capacity, noted[monitor] == nil { return }
            noted[monitor] = (tenant, generation)
        }
    }

    /// The monitors noted now, with the generation of their latest note.
    func snapshot() -> [(monitor: MonitorID, tenant: TenantID, generation: UInt64)] {
        noted.withLock { noted in noted.map { ($0.key, $0.value.tenant, $0.value.generation) } }
    }

    /// Forgets the monitors of `snapshot` that were not noted again since.
    func consume(_ snapshot: [(monitor: MonitorID, tenant: TenantID, generation: UInt64)]) {
        noted.withLock { noted in
            for item in snapshot where noted[item.monitor]?.generation == item.generation {
                noted[item.monitor] = nil
            }
        }
    }
}
