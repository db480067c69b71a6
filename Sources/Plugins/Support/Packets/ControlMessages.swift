#if canImport(Glibc)
import Glibc
#endif

/// Socket option numbers not imported from Glibc, and ancillary-data (cmsg) encoding and
/// decoding. `CMSG_*` are C macros that Swift does not import, so the layout is written out:
/// `struct cmsghdr { size_t len; int level; int type; }` followed by data aligned to `size_t`.
public enum SocketOption {
    public static let timestampNanoseconds: Int32 = 35        // SO_TIMESTAMPNS(_OLD)
    public static let ipTTL: Int32 = 2                         // IP_TTL
    public static let ipReceiveTTL: Int32 = 12                 // IP_RECVTTL
    public static let ipReceiveError: Int32 = 11               // IP_RECVERR
    public static let ipv6UnicastHops: Int32 = 16              // IPV6_UNICAST_HOPS
    public static let ipv6ReceiveError: Int32 = 25             // IPV6_RECVERR
    public static let ipv6ReceiveHopLimit: Int32 = 51          // IPV6_RECVHOPLIMIT
    public static let ipv6HopLimit: Int32 = 52                 // IPV6_HOPLIMIT
    public static let ipv6Checksum: Int32 = 7                  // IPV6_CHECKSUM
    public static let ipPacketInfo: Int32 = 8                  // IP_PKTINFO
    public static let ipv6PacketInfo: Int32 = 50               // IPV6_PKTINFO
    public static let icmpFilter: Int32 = 1                    // ICMP_FILTER (SOL_RAW) and ICMP6_FILTER
    public static let levelRaw: Int32 = 255                    // SOL_RAW
    public static let levelIP: Int32 = 0                       // IPPROTO_IP
    public static let levelIPv6: Int32 = 41                    // IPPROTO_IPV6
    public static let levelICMPv6: Int32 = 58                  // IPPROTO_ICMPV6
    public static let messageErrorQueue: Int32 = 0x2000        // MSG_ERRQUEUE
}

enum ControlMessages {
    private static let headerSize = 16
    private static func aligned(_ length: Int) -> Int { (length + 7) & ~7 }

    /// A control buffer for one packet: its TTL or hop limit, and its source address and
    /// outgoing interface (`IP_PKTINFO` / `IPV6_PKTINFO`). Empty when nothing is set.
    static func build(_ options: SendOptions, family: IPAddress.Family) -> [UInt8] {
        var buffer: [UInt8] = []
        if let hopLimit = options.hopLimit {
            var value = Int32(hopLimit)
            append(&buffer, level: family == .ipv4 ? SocketOption.levelIP : SocketOption.levelIPv6,
                   type: family == .ipv4 ? SocketOption.ipTTL : SocketOption.ipv6HopLimit,
                   data: withUnsafeBytes(of: &value) { Array($0) })
        }
        if options.source != nil || options.interfaceIndex != nil {
            let index = UInt32(options.interfaceIndex ?? 0)
            let source = options.source?.bytes ?? [UInt8](repeating: 0, count: family == .ipv4 ? 4 : 16)
            if family == .ipv4 {
                let data = withUnsafeBytes(of: index) { Array($0) } + source + [0, 0, 0, 0]
                append(&buffer, level: SocketOption.levelIP, type: SocketOption.ipPacketInfo, data: data)
            } else {
                append(&buffer, level: SocketOption.levelIPv6, type: SocketOption.ipv6PacketInfo,
                       data: source + withUnsafeBytes(of: index) { Array($0) })
            }
        }
        return buffer
    }

    private static func append(_ buffer: inout [UInt8], level: Int32, type: Int32, data: [UInt8]) {
        var header = [UInt8](repeating: 0, count: headerSize)
        header.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt64(headerSize + data.count), toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: level, toByteOffset: 8, as: Int32.self)
            raw.storeBytes(of: type, toByteOffset: 12, as: Int32.self)
        }
        buffer += header + data + [UInt8](repeating: 0, count: aligned(data.count) - data.count)
    }

    /// Reads timestamps, hop limits and extended errors from a received control buffer.
    static func parse(_ control: ArraySlice<UInt8>, into packet: inout ReceivedPacket) {
        control.withUnsafeBytes { raw in
            var offset = 0
            while offset + headerSize <= raw.count {
                let length = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                guard length >= headerSize, offset + length <= raw.count else { return }
                let level = raw.loadUnaligned(fromByteOffset: offset + 8, as: Int32.self)
                let type = raw.loadUnaligned(fromByteOffset: offset + 12, as: Int32.self)
                let data = offset + headerSize
                let dataLength = length - headerSize
                switch (level, type) {
                case (SOL_SOCKET, SocketOption.timestampNanoseconds) where dataLength >= 16:
                    let seconds = raw.loadUnaligned(fromByteOffset: data, as: Int64.self)
                    let nanoseconds = raw.loadUnaligned(fromByteOffset: data + 8, as: Int64.self)
                    packet.timestamp = seconds * 1_000_000_000 + nanoseconds
                case (SocketOption.levelIP, SocketOption.ipTTL) where dataLength >= 4,
                     (SocketOption.levelIPv6, SocketOption.ipv6HopLimit) where dataLength >= 4:
                    packet.hopLimit = UInt8(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: data, as: Int32.self))
                case (SocketOption.levelIP, SocketOption.ipReceiveError) where dataLength >= 16,
                     (SocketOption.levelIPv6, SocketOption.ipv6ReceiveError) where dataLength >= 16:
                    var error = ExtendedError(errno: raw.loadUnaligned(fromByteOffset: data, as: UInt32.self),
                                              origin: raw[data + 4], type: raw[data + 5], code: raw[data + 6])
                    if dataLength >= 16 + 2 {
                        let offender = UnsafeRawBufferPointer(rebasing: raw[(data + 16)..<(data + dataLength)])
                        if offender.count >= MemoryLayout<sockaddr_in>.size {
                            var storage = sockaddr_storage()
                            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: offender.prefix($0.count))) }
                            error.offender = withUnsafeBytes(of: &storage) { IPAddress.from($0.baseAddress!)?.address }
                        }
                    }
                    packet.extendedError = error
                default:
                    break
                }
                offset += aligned(length)
            }
        }
    }
}

/// Per-packet settings carried as ancillary data, so sessions sharing a socket differ.
public struct SendOptions: Sendable, Hashable {
    /// TTL (IPv4) or hop limit (IPv6).
    public var hopLimit: Int?
    /// Source address.
    public var source: IPAddress?
    /// Outgoing interface index (`if_nametoindex`).
    public var interfaceIndex: Int?

    /// Creates options.
    public init(hopLimit: Int? = nil, source: IPAddress? = nil, interfaceIndex: Int? = nil) {
        self.hopLimit = hopLimit
        self.source = source
        self.interfaceIndex = interfaceIndex
    }
}
