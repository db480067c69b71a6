import Foundation
import Kernel
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import PacketSupport
import TLSSupport

/// One request on a fresh connection, with its phase timings: name resolution, TCP connect,
/// TLS handshake, time to first byte (request sent to response head), transfer and total.
struct HTTPHop: Sendable {
    var url: HTTPURL
    var address: IPAddress
    var status: Int
    var reason: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var bodyBytes: Int
    var truncated: Bool
    var tlsVersion: String?
    var certificate: CertificateCheck.Outcome?
    var dns: Double
    var connect: Double
    var tls: Double
    var firstByte: Double
    var transfer: Double
    var total: Double

    /// The request of a hop.
    struct Request: Sendable {
        var url: HTTPURL
        var method: HTTPMethod
        var headers: HTTPHeaders
        var body: [UInt8]?
        var maxBodyBytes: Int
        var family: FamilyPreference
        /// Judges the certificate of an HTTPS hop; the only verification there is.
        var certificateCheck: CertificateCheck
        var skipVerify: Bool
    }

    /// The client TLS context: verification is `CertificateCapture`'s, so one context serves
    /// every trust setting and is built once.
    private static let tlsContext: Result<NIOSSLContext, any Error> = Result {
        var configuration = NIOSSL.TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .noHostnameVerification
        // Trust is CertificateCapture's: BoringSSL need not load the system store (about 140
        // certificates parsed at start-up, for nothing).
        configuration.trustRoots = .certificates([])
        configuration.minimumTLSVersion = .tlsv1
        // Classical key shares only. BoringSSL would also send an X25519+ML-KEM-768 share,
        // whose key generation costs more than the rest of the client's handshake, for
        // servers that (nearly all) answer with X25519 anyway.
        configuration.curves = [.x25519, .secp256r1, .secp384r1]
        return try NIOSSLContext(configuration: configuration)
    }

    /// Runs `request`, failing with a `ProbeFailure` in plain words.
    static func run(_ request: Request, policy: TargetPolicy, deadline: NIODeadline) async throws(ProbeFailure) -> HTTPHop {
        let start = DispatchTimeNow.nanoseconds
        let address = try await TargetResolver.resolve(request.url.host, family: request.family, policy: policy)
        let resolved = DispatchTimeNow.nanoseconds
        let socketAddress: SocketAddress
        do {
            socketAddress = try SocketAddress(ipAddress: address.description, port: Int(request.url.port))
        } catch {
            throw ProbeFailure(code: "probe_error", message: "cannot use the address \(address): \(error)")
        }
        let capture = request.url.isSecure
            ? CertificateCapture(check: request.certificateCheck, host: request.url.host, skipVerify: request.skipVerify) : nil
        let remaining = deadline - NIODeadline.now()
        guard remaining > .zero else {
            throw ProbeFailure(code: "timeout", message: "the timeout ran out before the request to \(request.url) could start")
        }
        // Made only once nothing can throw before the exchange owns it: an abandoned promise
        // is a crash in debug builds ("leaking promise"), seen when a loaded machine used up
        // the budget during name resolution.
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let promise = loop.makePromise(of: HTTPExchangeRecord.self)
        defer { promise.fail(HTTPHopTimeout()) }
        let head = HTTPRequestHead(version: .http1_1, method: request.method, uri: request.url.requestTarget, headers: request.headers)
        let timeout = loop.scheduleTask(deadline: deadline) { promise.fail(HTTPHopTimeout()) }
        let serverName = IPAddress(request.url.host) == nil ? request.url.host : nil
        let isSecure = request.url.isSecure
        let body = request.body
        let maxBody = request.maxBodyBytes
        let record: HTTPExchangeRecord
        do {
            let connecting = ClientBootstrap(group: loop)
                .connectTimeout(remaining)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    // A failed exchange (deadline, cancellation, error) closes the channel,
                    // connecting or connected.
                    promise.futureResult.whenFailure { _ in channel.close(promise: nil) }
                    return channel.eventLoop.makeCompletedFuture {
                        let operations = channel.pipeline.syncOperations
                        if let capture {
                            try operations.addHandler(NIOSSLClientHandler(context: tlsContext.get(), serverHostname: serverName,
                                                                          customVerificationCallbackWithMetadata: capture.verify))
                        }
                        try operations.addHTTPClientHandlers()
                        try operations.addHandler(HTTPExchangeHandler(head: head, body: body, secure: isSecure,
                                                                      maxBodyBytes: maxBody, promise: promise))
                    }
                }
                .connect(to: socketAddress)
            connecting.whenFailure { promise.fail($0) }
            // One future for the whole exchange: the task resumes once, when the response is
            // complete (or the exchange failed, timed out or was cancelled).
            record = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(CancellationError())
            }
            timeout.cancel()
        } catch {
            timeout.cancel()
            promise.fail(error)
            throw HTTPFailureText.failure(for: error, url: request.url, address: address, certificate: capture?.judgement)
        }
        guard let responseHead = record.head else { throw ProbeFailure(code: "bad_response", message: "no response head") }
        let secured = record.secureAt ?? record.connectedAt
        return HTTPHop(
            url: request.url, address: address, status: Int(responseHead.status.code), reason: responseHead.status.reasonPhrase,
            headers: responseHead.headers.map { ($0.name, $0.value) }, body: record.body, bodyBytes: record.bodyBytes,
            truncated: record.truncated, tlsVersion: record.tlsVersion, certificate: capture?.judgement,
            dns: seconds(resolved - start), connect: seconds(record.connectedAt &- max(record.setupAt, resolved)),
            tls: record.secureAt == nil ? 0 : seconds(secured - record.connectedAt),
            firstByte: seconds(record.headAt &- secured), transfer: seconds(record.endAt &- record.headAt),
            total: seconds(record.endAt &- start))
    }

    private static func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }
}

/// The hop's deadline passed.
struct HTTPHopTimeout: Error {}
