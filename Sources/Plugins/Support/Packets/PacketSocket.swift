#if canImport(Glibc)
import Glibc
#endif

/// A raw or datagram socket for probe packets: sends with a per-packet TTL or hop limit
/// (ancillary data, so concurrent sessions can share one socket) and receives with the
/// kernel's receive timestamp, the sender, and for datagram sockets the ICMP errors queued
/// by `IP_RECVERR`.
public final class PacketSocket: @unchecked Sendable {
    /// The file descriptor (owned; closed by `close()` or deinit).
    public let descriptor: Int32
    /// The address family.
    public let family: IPAddress.Family
    private var closed = false

    /// Opens a socket. Throws `SocketError` with the errno on failure.
    public init(family: IPAddress.Family, type: Int32, protocolNumber: Int32) throws(SocketError) {
        let fd = socket(family.socketFamily, type | Int32(SOCK_CLOEXEC.rawValue), protocolNumber)
        guard fd >= 0 else { throw SocketError(operation: "socket", errno: errno) }
        self.descriptor = fd
        self.family = family
        enable(SOL_SOCKET, SocketOption.timestampNanoseconds)
    }

    deinit { if !closed { Glibc.close(descriptor) } }

    /// Closes the socket.
    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }

    /// Sets an integer socket option; returns false when the kernel refuses it.
    @discardableResult
    public func set(_ level: Int32, _ option: Int32, _ value: Int32) -> Bool {
        var value = value
        return setsockopt(descriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size)) == 0
    }

    /// Turns a boolean socket option on.
    @discardableResult
    public func enable(_ level: Int32, _ option: Int32) -> Bool { set(level, option, 1) }

    /// Sets a socket option from raw bytes.
    @discardableResult
    public func set(_ level: Int32, _ option: Int32, bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { setsockopt(descriptor, level, option, $0.baseAddress, socklen_t($0.count)) == 0 }
    }

    /// Binds to a local address (port 0 picks one); returns the bound port.
    public func bind(to address: IPAddress, port: UInt16 = 0) throws(SocketError) -> UInt16 {
        let status = address.withSocketAddress(port: port) { Glibc.bind(descriptor, $0, $1) }
        guard status == 0 else { throw SocketError(operation: "bind", errno: errno) }
        return localEndpoint()?.port ?? 0
    }

    /// Binds to a network interface by name (`SO_BINDTODEVICE`).
    public func bind(toInterface name: String) throws(SocketError) {
        let bytes = Array(name.utf8) + [0]
        guard set(SOL_SOCKET, SO_BINDTODEVICE, bytes: bytes) else { throw SocketError(operation: "bind to interface \(name)", errno: errno) }
    }

    /// Connects (for datagram sockets: fixes the peer, which also chooses the source address).
    public func connect(to address: IPAddress, port: UInt16) throws(SocketError) {
        let status = address.withSocketAddress(port: port) { Glibc.connect(descriptor, $0, $1) }
        guard status == 0 else { throw SocketError(operation: "connect", errno: errno) }
    }

    /// The local address and port.
    public func localEndpoint() -> (address: IPAddress, port: UInt16)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else { return nil }
        return withUnsafeBytes(of: &storage) { IPAddress.from($0.baseAddress!) }
    }

    /// Sends `bytes` to `address` with per-packet options (TTL, source, interface).
    /// Returns the errno on failure, or nil.
    public func send(_ bytes: [UInt8], to address: IPAddress, port: UInt16 = 0, options: SendOptions = SendOptions()) -> Int32? {
        var control = ControlMessages.build(options, family: family)
        let sent: Int = bytes.withUnsafeBytes { payload in
            address.withSocketAddress(port: port) { name, nameLength in
                var vector = iovec(iov_base: UnsafeMutableRawPointer(mutating: payload.baseAddress), iov_len: payload.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    control.withUnsafeMutableBytes { controlBytes in
                        var header = msghdr()
                        header.msg_name = UnsafeMutableRawPointer(mutating: name)
                        header.msg_namelen = nameLength
                        header.msg_iov = vectorPointer
                        header.msg_iovlen = 1
                        if !controlBytes.isEmpty {
                            header.msg_control = controlBytes.baseAddress
                            header.msg_controllen = controlBytes.count
                        }
                        return sendmsg(descriptor, &header, Int32(MSG_DONTWAIT))
                    }
                }
            }
        }
        return sent < 0 ? errno : nil
    }

    /// Reads one packet without blocking, from the error queue when `errorQueue` is set.
    /// Returns nil when nothing is waiting.
    public func receive(into buffer: inout [UInt8], errorQueue: Bool = false) -> ReceivedPacket? {
        var storage = sockaddr_storage()
        var control = [UInt8](repeating: 0, count: 512)
        var controlLength = 0
        let count: Int = buffer.withUnsafeMutableBytes { payload in
            var vector = iovec(iov_base: payload.baseAddress, iov_len: payload.count)
            return withUnsafeMutablePointer(to: &storage) { name in
                withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    control.withUnsafeMutableBytes { controlBytes in
                        var header = msghdr()
                        header.msg_name = UnsafeMutableRawPointer(name)
                        header.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
                        header.msg_iov = vectorPointer
                        header.msg_iovlen = 1
                        header.msg_control = controlBytes.baseAddress
                        header.msg_controllen = controlBytes.count
                        let flags = Int32(MSG_DONTWAIT) | (errorQueue ? SocketOption.messageErrorQueue : 0)
                        let received = recvmsg(descriptor, &header, flags)
                        controlLength = Int(header.msg_controllen)
                        return received
                    }
                }
            }
        }
        guard count >= 0 else { return nil }
        let source = withUnsafeBytes(of: &storage) { IPAddress.from($0.baseAddress!)?.address }
        var packet = ReceivedPacket(bytes: buffer[0..<min(count, buffer.count)], source: source)
        ControlMessages.parse(control.prefix(min(controlLength, control.count)), into: &packet)
        if packet.timestamp == 0 { packet.timestamp = Clock.realtimeNanoseconds() }
        return packet
    }
}

/// One packet read from a `PacketSocket`.
public struct ReceivedPacket: Sendable {
    /// The payload as read (for raw IPv4 sockets, starting with the IP header).
    public var bytes: ArraySlice<UInt8>
    /// The sender address from `recvmsg`.
    public var source: IPAddress?
    /// The kernel's receive time (`SO_TIMESTAMPNS`), in realtime nanoseconds.
    public var timestamp: Int64 = 0
    /// The received TTL or hop limit, when the socket asked for it.
    public var hopLimit: UInt8?
    /// For error-queue reads: the ICMP error and who sent it.
    public var extendedError: ExtendedError?
}

/// An ICMP error queued on a datagram socket by `IP_RECVERR` (`struct sock_extended_err`).
public struct ExtendedError: Sendable, Hashable {
    public var errno: UInt32
    public var origin: UInt8
    public var type: UInt8
    public var code: UInt8
    /// The router or host that sent the ICMP error (`SO_EE_OFFENDER`).
    public var offender: IPAddress?

    /// `SO_EE_ORIGIN_ICMP` or `SO_EE_ORIGIN_ICMP6`: the error came from an ICMP message.
    public var isICMP: Bool { origin == 2 || origin == 3 }
}

/// A socket call that failed, with its errno.
public struct SocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was attempted.
    public var operation: String
    /// The errno.
    public var errno: Int32

    /// Creates an error.
    public init(operation: String, errno: Int32) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String { "\(operation) failed: \(String(cString: strerror(errno)))" }
}

/// The realtime clock in nanoseconds, the clock of `SO_TIMESTAMPNS`.
public enum Clock {
    /// Now, in nanoseconds since the epoch.
    public static func realtimeNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// `CLOCK_MONOTONIC` in nanoseconds, the clock of reader-thread timers and pacers.
    public static func monotonicNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
