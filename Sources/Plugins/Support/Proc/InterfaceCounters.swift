/// One network interface's counters from `/proc/net/dev`.
public struct InterfaceCounters: Sendable, Hashable, Codable {
    /// The interface's name (`lo`, `eth0`, `veth1@if2` shows as `veth1`).
    public var interface: String
    /// Bytes received.
    public var receivedBytes: UInt64
    /// Packets received.
    public var receivedPackets: UInt64
    /// Receive errors.
    public var receiveErrors: UInt64
    /// Received packets dropped.
    public var receiveDrops: UInt64
    /// Bytes sent.
    public var sentBytes: UInt64
    /// Packets sent.
    public var sentPackets: UInt64
    /// Send errors.
    public var sendErrors: UInt64
    /// Packets dropped on sending.
    public var sendDrops: UInt64

    /// Reads `/proc/net/dev`: two header lines, then `name: 16 counters` per interface (kernels
    /// before 2.6 print no space after the colon). Lines without a colon (the headers) are skipped.
    public static func parse(_ text: some StringProtocol) throws -> [InterfaceCounters] {
        let file = "/proc/net/dev"
        var interfaces: [InterfaceCounters] = []
        for (index, line) in try ProcText.lines(text, file: file).enumerated() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = ProcText.trimmed(line[..<colon])
            let numbers = ProcText.fields(line[line.index(after: colon)...]).map(ProcText.counter)
            guard !name.isEmpty, name.utf8.count <= 64, numbers.count >= 16, !numbers.contains(nil) else {
                throw ProcParseError(file: file, line: index + 1, message: "needs an interface name and 16 counters")
            }
            let counters = numbers.map { $0 ?? 0 }
            interfaces.append(InterfaceCounters(interface: String(name), receivedBytes: counters[0], receivedPackets: counters[1],
                                                receiveErrors: counters[2], receiveDrops: counters[3], sentBytes: counters[8],
                                                sentPackets: counters[9], sendErrors: counters[10], sendDrops: counters[11]))
            guard interfaces.count <= 16_384 else { throw ProcParseError(file: file, message: "lists more than 16384 interfaces") }
        }
        return interfaces
    }
}
