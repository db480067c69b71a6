/// The previous reading of each source a collector reads, so the next collection can turn
/// counters into rates. Bounded: past `capacity` sources the least recently read is forgotten
/// (its next collection reports CPU since boot and no rates, as a first one does).
public actor HostReadingHistory {
    private var readings: [String: (reading: HostReading, sequence: UInt64)] = [:]
    private var sequence: UInt64 = 0
    private let capacity: Int

    /// Creates an empty history keeping at most `capacity` sources.
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// Stores `reading` as the latest of `source` and returns the one it replaces.
    public func exchange(_ source: String, _ reading: HostReading) -> HostReading? {
        sequence += 1
        let previous = readings.updateValue((reading, sequence), forKey: source)?.reading
        if readings.count > capacity, let oldest = readings.min(by: { $0.value.sequence < $1.value.sequence })?.key {
            readings[oldest] = nil
        }
        return previous
    }

    /// Forgets `source` (a host deleted or paused).
    public func forget(_ source: String) {
        readings[source] = nil
    }
}
