/// A network interface's traffic between two readings of `/proc/net/dev`, per second. A
/// counter that was reset (the interface re-created) leaves that figure out; a 32-bit
/// counter that wrapped is counted across the wrap (see `CounterDelta`).
public struct InterfaceRates: Sendable, Hashable, Codable {
    /// The interface's name.
    public var interface: String
    /// Bytes received per second.
    public var receivedBytesPerSecond: Double?
    /// Packets received per second.
    public var receivedPacketsPerSecond: Double?
    /// Bytes sent per second.
    public var sentBytesPerSecond: Double?
    /// Packets sent per second.
    public var sentPacketsPerSecond: Double?
    /// Receive and send errors per second.
    public var errorsPerSecond: Double?
    /// Packets dropped per second, received and sent.
    public var dropsPerSecond: Double?

    /// The rates of one interface over `seconds`; nil when the readings are of different interfaces.
    public static func between(_ previous: InterfaceCounters, _ current: InterfaceCounters, seconds: Double) -> InterfaceRates? {
        guard previous.interface == current.interface, seconds > 0, seconds.isFinite else { return nil }
        func rate(_ path: KeyPath<InterfaceCounters, UInt64>) -> Double? {
            CounterDelta.rate(previous[keyPath: path], current[keyPath: path], seconds: seconds)
        }
        func sum(_ first: Double?, _ second: Double?) -> Double? {
            guard let first, let second else { return nil }
            return first + second
        }
        return InterfaceRates(interface: current.interface, receivedBytesPerSecond: rate(\.receivedBytes),
                              receivedPacketsPerSecond: rate(\.receivedPackets), sentBytesPerSecond: rate(\.sentBytes),
                              sentPacketsPerSecond: rate(\.sentPackets), errorsPerSecond: sum(rate(\.receiveErrors), rate(\.sendErrors)),
                              dropsPerSecond: sum(rate(\.receiveDrops), rate(\.sendDrops)))
    }
}
