#if canImport(Glibc)
import Glibc
#endif

/// Which kind of ICMP socket to use.
public enum SocketMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Raw sockets when permitted (root or `CAP_NET_RAW`), else datagram ICMP sockets.
    case auto
    /// Raw sockets only.
    case raw
    /// Unprivileged datagram ICMP sockets only (`net.ipv4.ping_group_range`).
    case datagram
}

/// The process may not open the sockets a probe needs; the message names the capability and
/// the sysctl that would allow it.
public struct SocketPermissionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is missing, in plain words with the fix.
    public var message: String

    public var description: String { message }

    static let rawHelp = "raw sockets need root or CAP_NET_RAW (grant it with `setcap cap_net_raw+ep <path to vantage>`)"

    static func datagramHelp(_ family: IPAddress.Family) -> String {
        let group = getegid()
        return "unprivileged \(family == .ipv4 ? "ICMP" : "ICMPv6") sockets are not allowed for group \(group): "
            + "net.ipv4.ping_group_range is `\(currentPingGroupRange())` (allow it with `sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"`)"
    }

    static func currentPingGroupRange() -> String {
        guard let file = fopen("/proc/sys/net/ipv4/ping_group_range", "r") else { return "unreadable" }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, 64, file) != nil else { return "unreadable" }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Opens ICMP sockets in the requested mode and explains a refusal.
enum SocketAccess {
    static func icmpProtocol(_ family: IPAddress.Family) -> Int32 {
        family == .ipv4 ? Int32(IPPROTO_ICMP) : Int32(IPPROTO_ICMPV6)
    }

    /// Opens an ICMP socket; `auto` tries raw first.
    static func openICMP(family: IPAddress.Family, mode: SocketMode) throws(SocketPermissionError) -> (PacketSocket, SocketMode) {
        var refusals: [String] = []
        if mode != .datagram {
            do {
                return (try PacketSocket(family: family, type: Int32(SOCK_RAW.rawValue), protocolNumber: icmpProtocol(family)), .raw)
            } catch {
                refusals.append(error.errno == EPERM || error.errno == EACCES ? SocketPermissionError.rawHelp : error.description)
            }
        }
        if mode != .raw {
            do {
                return (try PacketSocket(family: family, type: Int32(SOCK_DGRAM.rawValue), protocolNumber: icmpProtocol(family)), .datagram)
            } catch {
                refusals.append(error.errno == EACCES || error.errno == EPERM ? SocketPermissionError.datagramHelp(family) : error.description)
            }
        }
        throw SocketPermissionError(message: "cannot open an ICMP socket: " + refusals.joined(separator: "; and "))
    }

    /// Opens a raw socket for another protocol (TCP probes), which always needs privilege.
    static func openRaw(family: IPAddress.Family, protocolNumber: Int32, purpose: String) throws(SocketPermissionError) -> PacketSocket {
        do {
            return try PacketSocket(family: family, type: Int32(SOCK_RAW.rawValue), protocolNumber: protocolNumber)
        } catch {
            throw SocketPermissionError(message: "\(purpose) needs a raw socket: " + (error.errno == EPERM ? SocketPermissionError.rawHelp : error.description))
        }
    }
}
