/// A TCP SYN probe, as written to a raw TCP socket (the kernel adds the IP header).
struct TCPSynSegment {
    var sourcePort: UInt16
    var destinationPort: UInt16
    var sequence: UInt32
    /// Needed for the IPv4 checksum; IPv6 raw sockets compute it (`IPV6_CHECKSUM`).
    var source: IPAddress?
    var destination: IPAddress

    var bytes: [UInt8] {
        var segment = [UInt8](repeating: 0, count: 20)
        segment.put(sourcePort, at: 0)
        segment.put(destinationPort, at: 2)
        segment.put(sequence, at: 4)
        segment[12] = 5 << 4
        segment[13] = 0x02
        segment.put(UInt16(64_240), at: 14)
        if destination.family == .ipv4, let source {
            var checksum = InternetChecksum()
            checksum.add(source.bytes)
            checksum.add(destination.bytes)
            checksum.add(word: UInt16(IPProtocolNumber.tcp))
            checksum.add(word: UInt16(segment.count))
            checksum.add(segment)
            segment.put(checksum.value, at: 16)
        }
        return segment
    }
}
