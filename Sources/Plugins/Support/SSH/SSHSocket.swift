#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A TCP connection made without blocking past a deadline: the name is resolved, each address
/// tried in turn with a non-blocking `connect` and `poll`. The descriptor stays non-blocking,
/// as libssh2's non-blocking mode expects.
enum SSHSocket {
    /// Connects to `host:port`; throws `SSHError` (`connectFailed`, `connectTimeout`).
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SSHError(.connectFailed, "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let fd = socket(current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), current.pointee.ai_protocol)
            guard fd >= 0 else { lastError = String(cString: strerror(errno)); continue }
            if Glibc.connect(fd, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else {
                lastError = String(cString: strerror(errno))
                close(fd)
                continue
            }
            do {
                try wait(fd: fd, events: Int16(POLLOUT), deadline: deadline, what: "connecting to \(host) port \(port)")
            } catch {
                close(fd)
                throw error
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            if socketError == 0 {
                var on: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            lastError = String(cString: strerror(socketError))
            close(fd)
        }
        throw SSHError(.connectFailed, "cannot connect to \(host) port \(port): \(lastError)")
    }

    /// Waits until `fd` is ready for `events` or the deadline passes (`connectTimeout`).
    static func wait(fd: Int32, events: Int16, deadline: ContinuousClock.Instant, what: String,
                     timeout: SSHError.Code = .connectTimeout) throws {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw SSHError(timeout, "timed out \(what)") }
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw SSHError(.sessionFailed, "poll failed \(what): \(String(cString: strerror(errno)))") }
        }
    }
}
