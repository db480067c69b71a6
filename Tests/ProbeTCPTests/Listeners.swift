#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real listening TCP socket on loopback for tests, closed on `close()`.
final class Listener {
    let fd: Int32
    let port: Int
    private var clients: [Int32] = []

    /// Listens on `address` ("127.0.0.1" or "::1"), port 0, with a backlog.
    init(address: String, backlog: Int32 = 16) throws {
        let v6 = address.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        self.fd = fd
        var storage = sockaddr_storage()
        var length: socklen_t
        if v6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            inet_pton(AF_INET6, address, &addr.sin6_addr)
            withUnsafeBytes(of: addr) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, address, &addr.sin_addr)
            withUnsafeBytes(of: addr) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        let bound = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, backlog) == 0 else { Glibc.close(fd); throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_storage()
        var actualLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) } }
        // sin_port and sin6_port both sit at offset 2.
        port = withUnsafeBytes(of: actual) { Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self))) }
    }

    /// Fills the accept queue so that further SYNs are dropped (a connect then times out).
    func fillAcceptQueue() {
        for _ in 0..<4 {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
            _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            clients.append(client)
        }
        usleep(100_000)
    }

    func close() {
        for client in clients { Glibc.close(client) }
        Glibc.close(fd)
    }
}
