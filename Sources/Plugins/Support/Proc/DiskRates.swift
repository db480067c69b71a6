/// A block device's throughput between two readings of `/proc/diskstats`, as `iostat -x`
/// prints it. A counter reset (the device was re-attached) leaves that figure out.
public struct DiskRates: Sendable, Hashable, Codable {
    /// The device's name.
    public var device: String
    /// Reads completed per second.
    public var readsPerSecond: Double?
    /// Writes completed per second.
    public var writesPerSecond: Double?
    /// Bytes read per second.
    public var readBytesPerSecond: Double?
    /// Bytes written per second.
    public var writtenBytesPerSecond: Double?
    /// Share of the time the device had I/O in flight, in percent (`iostat`'s %util), at most 100.
    public var busyPercent: Double?

    /// The rates of one device over `seconds`; nil when the readings are of different devices.
    public static func between(_ previous: DiskCounters, _ current: DiskCounters, seconds: Double) -> DiskRates? {
        guard previous.device == current.device, seconds > 0, seconds.isFinite else { return nil }
        var rates = DiskRates(device: current.device)
        rates.readsPerSecond = CounterDelta.rate(previous.reads, current.reads, seconds: seconds)
        rates.writesPerSecond = CounterDelta.rate(previous.writes, current.writes, seconds: seconds)
        rates.readBytesPerSecond = CounterDelta.rate(previous.readBytes, current.readBytes, seconds: seconds)
        rates.writtenBytesPerSecond = CounterDelta.rate(previous.writtenBytes, current.writtenBytes, seconds: seconds)
        if let before = previous.busyMilliseconds, let after = current.busyMilliseconds,
           let busy = CounterDelta.rate(before, after, seconds: seconds) {
            rates.busyPercent = min(100, busy / 10)
        }
        return rates
    }
}
