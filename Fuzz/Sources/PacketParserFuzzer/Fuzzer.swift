/// libFuzzer entry point: every ICMP, ICMPv6 and TCP decoder over arbitrary bytes. A trap,
/// an out-of-bounds read or a hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let packet = bytes[...]
    _ = PacketParser.icmpV4(packet, includesIPHeader: true)
    _ = PacketParser.icmpV4(packet, includesIPHeader: false)
    _ = PacketParser.icmpV6(packet, hopLimit: bytes.first)
    _ = PacketParser.tcp(packet, includesIPHeader: true)
    _ = PacketParser.tcp(packet, includesIPHeader: false)
    _ = EchoRequest.cookie(inPayload: packet.dropFirst(min(8, count)))
    if case .icmpError(_, _, let quoted, _)? = PacketParser.icmpV4(packet, includesIPHeader: true) {
        _ = quoted.destination.description
    }
    return 0
}
