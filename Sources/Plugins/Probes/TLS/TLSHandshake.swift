import COpenSSL
#if canImport(Glibc)
import Glibc
#endif
import Kernel
import PacketSupport
import TLSSupport

/// One blocking TLS client handshake with OpenSSL, keeping what the server presented:
/// the chain as sent (verification is `ChainVerifier`'s job, so nothing is refused here),
/// the protocol version and the cipher.
struct TLSHandshake {
    /// What one handshake saw.
    struct Outcome {
        var chain: [X509Certificate]
        var version: String
        var cipher: String
        var connectSeconds: Double
        var handshakeSeconds: Double
    }

    /// One client context for the process: no verification (done afterwards), TLS 1.0 and up.
    private static let context: ContextBox = ContextBox()

    /// Connects to `address:port`, speaks `startTLS` first if asked, and shakes hands with SNI
    /// `serverName` (none for an address). Fails with `refused`, `timeout`, `tls_error`, ...
    static func run(address: IPAddress, port: UInt16, serverName: String?, startTLS: TLSOptions.StartTLS?,
                    deadline: ContinuousClock.Instant, cancellation: SocketCancellation) throws(ProbeFailure) -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let socket = try BlockingSocket(address: address, port: port, deadline: deadline, cancellation: cancellation)
        let connected = clock.now
        if startTLS == .smtp { try SMTPStartTLS.negotiate(on: socket) }
        guard let contextPointer = context.pointer, let ssl = SSL_new(contextPointer) else {
            throw ProbeFailure(code: "probe_error", message: "OpenSSL could not create a connection: \(errorText())")
        }
        defer { SSL_free(ssl) }
        if let serverName, IPAddress(serverName) == nil { _ = vantage_ssl_set_sni(ssl, serverName) }
        SSL_set_fd(ssl, socket.descriptor)
        let handshakeStart = clock.now
        try socket.applyDeadline()
        let result = SSL_connect(ssl)
        guard result == 1 else {
            let savedErrno = errno
            let code = SSL_get_error(ssl, result)
            let detail = errorText()
            let timedOut = code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE
                || (code == SSL_ERROR_SYSCALL && (savedErrno == EAGAIN || savedErrno == EWOULDBLOCK))
                || socket.remainingMilliseconds <= 0
            if timedOut {
                throw ProbeFailure(code: "timeout", message: "the TLS handshake did not finish before the timeout")
            }
            if code == SSL_ERROR_SYSCALL || (code == SSL_ERROR_SSL && detail.isEmpty) {
                throw ProbeFailure(code: "tls_error", message: "the server closed the connection during the TLS handshake")
            }
            throw ProbeFailure(code: "tls_error", message: "TLS handshake failed: \(detail.isEmpty ? "error \(code)" : detail)")
        }
        let finished = clock.now
        var chain: [X509Certificate] = []
        for index in 0..<vantage_peer_chain_count(ssl) {
            if let pointer = vantage_peer_chain_certificate(ssl, index) { chain.append(X509Certificate(owningPointer: pointer)) }
        }
        let version = String(cString: SSL_get_version(ssl))
        let cipher = vantage_ssl_cipher_name(ssl).map { String(cString: $0) } ?? "unknown"
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
        return Outcome(chain: chain, version: version, cipher: cipher, connectSeconds: (connected - start).seconds,
                       handshakeSeconds: (finished - handshakeStart).seconds)
    }

    private static func errorText() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        var text = ""
        while vantage_error_text(&buffer, 256) != 0 {
            let end = buffer.firstIndex(of: 0) ?? buffer.count
            let line = String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // "error:0A000410:SSL routines::sslv3 alert handshake failure" → the reason.
            let reason = line.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? line
            if !text.isEmpty { text += "; " }
            text += reason
        }
        return text
    }
}

/// The process-wide `SSL_CTX`, created once.
private final class ContextBox: @unchecked Sendable {
    let pointer: OpaquePointer?

    init() {
        pointer = SSL_CTX_new(TLS_client_method())
        if let pointer {
            SSL_CTX_set_verify(pointer, SSL_VERIFY_NONE, nil)
            _ = vantage_ssl_ctx_allow_old_versions(pointer)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
