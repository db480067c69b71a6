#if canImport(Glibc)
import Glibc
#endif
import PacketSupport

/// How one query–response exchange ended.
enum DNSExchangeOutcome: Sendable {
    /// A response matching the query's id and question, and the seconds since the first send.
    case response([UInt8], seconds: Double)
    /// A failure in plain words, with a reason code.
    case failure(DNSTransportFailure)
}

/// Why an exchange produced no response.
struct DNSTransportFailure: Error, Sendable, Hashable {
    /// `timeout`, `refused`, `unreachable`, `connection_closed`, `network_error`, `cancelled`.
    var code: String
    /// The reason in plain words.
    var message: String
}

/// One query in flight on its own socket (a fresh random source port per query). Its state
/// is touched only under the transport's lock.
final class DNSExchange: @unchecked Sendable {
    enum Phase { case connecting, awaitingResponse }

    let descriptor: Int32
    let overTCP: Bool
    let query: [UInt8]
    let questionBytes: [UInt8]
    let server: String
    let attemptTimeout: Int64
    var attemptsLeft: Int
    var phase: Phase
    var firstSend: Int64 = 0
    /// Realtime clock at the last UDP send, the clock of the kernel's receive timestamps.
    var lastSendRealtime: Int64 = 0
    var timer: UInt64 = 0
    var received: [UInt8] = []
    var continuation: CheckedContinuation<DNSExchangeOutcome, Never>?
    var cancelRequested = false
    var wakeNeeded = false
    /// True until `start` has made its system calls; `finish` leaves the socket to it meanwhile.
    var starting = true
    var finished = false

    init(descriptor: Int32, overTCP: Bool, query: [UInt8], questionLength: Int, server: String, attemptTimeout: Int64, attempts: Int) {
        self.descriptor = descriptor
        self.overTCP = overTCP
        self.query = query
        self.questionBytes = Self.lowercased(Array(query[12..<min(12 + questionLength, query.count)]))
        self.server = server
        self.attemptTimeout = attemptTimeout
        self.attemptsLeft = attempts - 1
        self.phase = overTCP ? .connecting : .awaitingResponse
    }

    /// Sends the query (framed with its length over TCP). Returns an errno on failure.
    func send() -> Int32? {
        let framed = overTCP ? [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query : query
        lastSendRealtime = Clock.realtimeNanoseconds()
        let sent = framed.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent == framed.count { return nil }
        return sent < 0 ? errno : EMSGSIZE
    }

    /// True when `message` answers this query: same id, the response bit, and the same
    /// question (ignoring letter case). A response without a question is accepted only as an
    /// error (FORMERR from a server that did not parse the query).
    func matches(_ message: ArraySlice<UInt8>) -> Bool {
        guard message.count >= 12 else { return false }
        let base = message.startIndex
        guard message[base] == query[0], message[base + 1] == query[1], message[base + 2] & 0x80 != 0 else { return false }
        let questionCount = Int(message[base + 4]) << 8 | Int(message[base + 5])
        if questionCount == 0 { return message[base + 3] & 0x0F != 0 }
        guard message.count >= 12 + questionBytes.count else { return false }
        for (index, byte) in questionBytes.enumerated() where Self.lower(message[base + 12 + index]) != byte { return false }
        return true
    }

    private static func lower(_ byte: UInt8) -> UInt8 { (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte }
    private static func lowercased(_ bytes: [UInt8]) -> [UInt8] { bytes.map(lower) }

    /// Opens a non-blocking socket connected (or connecting, for TCP) to `address`.
    static func openSocket(to address: IPAddress, port: UInt16, overTCP: Bool) -> Result<Int32, DNSTransportFailure> {
        let kind = (overTCP ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(address.family.socketFamily, kind, 0)
        guard descriptor >= 0 else { return .failure(failure(errno, server: "\(address)")) }
        if !overTCP {
            // Kernel receive timestamps, so the query time is the round trip and not the
            // round trip plus the epoll thread's wake-up.
            var on: Int32 = 1
            _ = setsockopt(descriptor, SOL_SOCKET, SocketOption.timestampNanoseconds, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        let result = address.withSocketAddress(port: port) { connect(descriptor, $0, $1) }
        if result != 0 && errno != EINPROGRESS {
            let code = errno
            close(descriptor)
            return .failure(failure(code, server: "\(address)"))
        }
        return .success(descriptor)
    }

    /// Reads one datagram without blocking into `buffer`; returns its length and the kernel's
    /// receive time (realtime ns, 0 when absent); on failure the count is -1 with the errno.
    func receiveDatagram(into buffer: inout [UInt8]) -> (count: Int, received: Int64, errno: Int32) {
        var control = [UInt8](repeating: 0, count: 64)
        var controlLength = 0
        let count: Int = buffer.withUnsafeMutableBytes { payload in
            var vector = iovec(iov_base: payload.baseAddress, iov_len: payload.count)
            return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                control.withUnsafeMutableBytes { controlBytes in
                    var header = msghdr()
                    header.msg_iov = vectorPointer
                    header.msg_iovlen = 1
                    header.msg_control = controlBytes.baseAddress
                    header.msg_controllen = controlBytes.count
                    let received = recvmsg(descriptor, &header, Int32(MSG_DONTWAIT))
                    controlLength = Int(header.msg_controllen)
                    return received
                }
            }
        }
        guard count >= 0 else { return (-1, 0, errno) }
        return (count, Self.timestamp(in: control.prefix(controlLength)), 0)
    }

    /// The `SCM_TIMESTAMPNS` time in a control buffer (a `cmsghdr` of length, level and type,
    /// then a `timespec`), or 0.
    static func timestamp(in control: ArraySlice<UInt8>) -> Int64 {
        var offset = control.startIndex
        while control.endIndex - offset >= 32 {
            let (length, level, type, seconds, nanoseconds) = control.withUnsafeBytes { raw -> (Int, Int32, Int32, Int64, Int64) in
                let base = offset - control.startIndex
                return (raw.loadUnaligned(fromByteOffset: base, as: Int.self), raw.loadUnaligned(fromByteOffset: base + 8, as: Int32.self),
                        raw.loadUnaligned(fromByteOffset: base + 12, as: Int32.self), raw.loadUnaligned(fromByteOffset: base + 16, as: Int64.self),
                        raw.loadUnaligned(fromByteOffset: base + 24, as: Int64.self))
            }
            guard length >= 16 else { return 0 }
            if level == SOL_SOCKET && type == SocketOption.timestampNanoseconds { return seconds * 1_000_000_000 + nanoseconds }
            offset += (length + 7) & ~7
        }
        return 0
    }

    /// Maps an errno from connect, send or receive to a failure.
    static func failure(_ code: Int32, server: String) -> DNSTransportFailure {
        let text = strerrorText(code)
        switch code {
        case ECONNREFUSED: return DNSTransportFailure(code: "refused", message: "\(server) refused the query (nothing listens on that port)")
        case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT:
            return DNSTransportFailure(code: "unreachable", message: "\(server) is unreachable: \(text)")
        case ECONNRESET, EPIPE: return DNSTransportFailure(code: "connection_closed", message: "\(server) closed the connection: \(text)")
        default: return DNSTransportFailure(code: "network_error", message: "talking to \(server) failed: \(text)")
        }
    }

    static func strerrorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self)
    }
}
