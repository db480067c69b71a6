#if canImport(Glibc)
import Glibc
#endif
import Kernel
import PacketSupport

/// A TCP connection used from one blocking thread, with a deadline: connect waits with
/// `poll`, and every later read and write is bounded by the time left (`SO_RCVTIMEO`,
/// `SO_SNDTIMEO`). Used for the handshakes of `probe.tls`, which run on a thread pool.
final class BlockingSocket {
    let descriptor: Int32
    private let deadline: ContinuousClock.Instant
    private let cancellation: SocketCancellation

    /// Connects to `address:port`; fails with `refused`, `timeout`, `cancelled` or
    /// `connect_error`. `cancellation` shuts the socket down when the run is cancelled.
    ///
    /// Every failure after `socket` leaves the descriptor to `deinit`, which runs when an
    /// initialiser throws once all stored properties are set: closing it here as well closed
    /// it twice, and the second `close` could hit a number another thread had been given in
    /// between (an event loop's socket, which then tripped SwiftNIO's selector assertion).
    init(address: IPAddress, port: UInt16, deadline: ContinuousClock.Instant, cancellation: SocketCancellation) throws(ProbeFailure) {
        self.deadline = deadline
        self.cancellation = cancellation
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        descriptor = socket(address.family.socketFamily, socketType, 0)
        guard descriptor >= 0 else { throw ProbeFailure(code: "probe_error", message: "socket: \(Self.errorText(errno))") }
        guard cancellation.register(descriptor) else { throw Self.cancelled }
        let started = address.withSocketAddress(port: port) { connect(descriptor, $0, $1) }
        if started != 0 && errno != EINPROGRESS {
            throw Self.connectFailure(errno, address: address, port: port)
        }
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(max(0, remainingMilliseconds)))
        guard ready > 0, !cancellation.isCancelled else {
            if cancellation.isCancelled { throw Self.cancelled }
            throw ProbeFailure(code: "timeout", message: "no TCP connection to \(address) port \(port) before the timeout")
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
        guard error == 0 else { throw Self.connectFailure(error, address: address, port: port) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~Int32(O_NONBLOCK))
        var noDelay: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        try applyDeadline()
    }

    /// Closes the socket, the only place it is closed (also after a failed `init`).
    deinit {
        cancellation.unregister()
        if descriptor >= 0 { close(descriptor) }
    }

    /// The failure of a run whose task was cancelled.
    static let cancelled = ProbeFailure(code: "cancelled", message: "the check was cancelled")

    /// Milliseconds until the deadline.
    var remainingMilliseconds: Int {
        let left = deadline - ContinuousClock.now
        return Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Bounds the next blocking calls by the time left; fails with `timeout` once it is gone.
    func applyDeadline() throws(ProbeFailure) {
        let milliseconds = remainingMilliseconds
        guard milliseconds > 0 else { throw ProbeFailure(code: "timeout", message: "the handshake did not finish before the timeout") }
        var limit = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes all of `text`.
    func write(_ text: String) throws(ProbeFailure) {
        try applyDeadline()
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw failure(errno, doing: "sending") }
            sent += count
        }
    }

    /// Reads one line (up to CRLF, at most 4096 bytes), without the line end.
    func readLine() throws(ProbeFailure) -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < 4096 {
            try applyDeadline()
            let count = recv(descriptor, &byte, 1, 0)
            guard count > 0 else {
                if count == 0 { throw ProbeFailure(code: "connection_closed", message: "the server closed the connection") }
                throw failure(errno, doing: "reading")
            }
            if byte == 0x0A { break }
            if byte != 0x0D { line.append(byte) }
        }
        return String(decoding: line, as: UTF8.self)
    }

    private func failure(_ code: Int32, doing what: String) -> ProbeFailure {
        if code == EAGAIN || code == EWOULDBLOCK {
            return ProbeFailure(code: "timeout", message: "no answer before the timeout while \(what)")
        }
        return ProbeFailure(code: "connection_error", message: "\(what): \(Self.errorText(code))")
    }

    static func connectFailure(_ code: Int32, address: IPAddress, port: UInt16) -> ProbeFailure {
        switch code {
        case ECONNREFUSED: ProbeFailure(code: "refused", message: "\(address) refused the connection on port \(port)")
        case ETIMEDOUT: ProbeFailure(code: "timeout", message: "no TCP connection to \(address) port \(port) before the timeout")
        case EHOSTUNREACH, ENETUNREACH: ProbeFailure(code: "unreachable", message: "\(address) is unreachable: \(errorText(code))")
        default: ProbeFailure(code: "connect_error", message: "connecting to \(address) port \(port): \(errorText(code))")
        }
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let length = strlen(text)
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }
}
