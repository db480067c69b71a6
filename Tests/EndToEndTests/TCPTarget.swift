#if canImport(Glibc)
import Glibc
#endif

/// A listening socket on 127.0.0.1 that the kernel completes handshakes for.
final class TCPTarget {
    let fd: Int32
    let port: Int
    /// After `close`, a socket bound to the port without listening: connects are refused, and
    /// no other test can take the port meanwhile (a closed port once went to a parallel test,
    /// and a probe that expected `refused` found it `up`).
    private var holder: Int32 = -1

    init() throws {
        let fd = Self.socketSharingThePort()
        self.fd = fd
        var address = Self.loopback(port: 0)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 128)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: bound.sin_port))
    }

    deinit { if holder >= 0 { Glibc.close(holder) } }

    /// Stops listening; the port stays taken, so a connect to it is refused.
    func close() {
        holder = Self.socketSharingThePort()
        var address = Self.loopback(port: port)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        Glibc.close(fd)
    }

    /// A TCP socket with `SO_REUSEPORT`, so a second one can be bound to the listener's port.
    private static func socketSharingThePort() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return address
    }
}
