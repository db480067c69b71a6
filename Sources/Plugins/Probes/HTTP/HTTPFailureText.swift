#if canImport(Glibc)
import Glibc
#endif
import Kernel
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import PacketSupport
import TLSSupport

/// Turns what NIO, NIOSSL and the exchange throw into a `ProbeFailure` in plain words.
enum HTTPFailureText {
    static func failure(for error: any Error, url: HTTPURL, address: IPAddress, certificate: CertificateCheck.Outcome?) -> ProbeFailure {
        if let failure = error as? ProbeFailure { return failure }
        let place = "\(url.hostHeader) (\(address))"
        if error is HTTPHopTimeout {
            return ProbeFailure(code: "timeout", message: "no complete response from \(place) before the timeout")
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return ProbeFailure(code: "timeout", message: "no TCP connection to \(place) before the timeout")
        }
        if let code = errnoCode(error) {
            switch code {
            case ECONNREFUSED: return ProbeFailure(code: "refused", message: "\(place) refused the connection")
            case ECONNRESET: return ProbeFailure(code: "connection_reset", message: "\(place) reset the connection")
            case EHOSTUNREACH, ENETUNREACH: return ProbeFailure(code: "unreachable", message: "\(place) is unreachable")
            default: return ProbeFailure(code: "connect_error", message: "connecting to \(place): \(error)")
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            if let certificate, certificate.status == .down, let failure = certificate.failure { return failure }
            return ProbeFailure(code: "tls_error", message: "the TLS handshake with \(place) failed: \(error)")
        }
        if let error = error as? HTTPExchangeError, case .closedEarly(let afterHead) = error {
            return ProbeFailure(code: "connection_closed",
                                message: "\(place) closed the connection \(afterHead ? "before the body was complete" : "without a response")")
        }
        if error is HTTPParserError {
            return ProbeFailure(code: "bad_response", message: "\(place) did not answer with valid HTTP/1.x: \(error)")
        }
        return ProbeFailure(code: "connect_error", message: "\(place): \(error)")
    }

    /// The errno inside NIO's connection errors, if any.
    private static func errnoCode(_ error: any Error) -> Int32? {
        if let error = error as? IOError { return error.errnoCode }
        if let error = error as? NIOConnectionError {
            for attempt in error.connectionErrors { if let code = errnoCode(attempt.error) { return code } }
        }
        return nil
    }
}
