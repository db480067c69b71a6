import Foundation
import Synchronization
import Kernel
import NIOPosix
import PacketSupport
import TLSSupport

/// `probe.tls`: connects to `host[:port]` with SNI (optionally after SMTP STARTTLS) and reports
/// the chain the server presents — subject, issuer, SANs, serial, validity, days left, key,
/// signature algorithm — with the TLS version and cipher, whether the chain verifies against
/// the system trust store or a given CA, and whether the name matches.
///
/// Down when a certificate is expired (`certificate_expired`) or not yet valid
/// (`certificate_not_yet_valid`), when the chain is untrusted (`certificate_untrusted`) or
/// the name does not match (`certificate_name_mismatch`); degraded within `warningDays` of
/// the earliest expiry (`certificate_expiring`), raising `tls.certificate_expiring` once when
/// a monitor enters that window. Connection failures: `refused`, `timeout`, `tls_error`, ...
public struct TLSProbe: Probe {
    public static let id = PluginID("probe.tls")!
    public static let summary = "TLS certificate chain, expiry, trust and name checks (with SMTP STARTTLS)"
    /// Reads the previous result to raise its "once" events (see `run`).
    public static let readsPreviousResult = true
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("resolve_seconds", unit: "seconds", help: "Time resolving the host name."),
        ProbeMetric("connect_seconds", unit: "seconds", help: "Time to complete the TCP handshake (and STARTTLS)."),
        ProbeMetric("tls_handshake_seconds", unit: "seconds", help: "Time of the TLS handshake."),
        ProbeMetric("total_seconds", unit: "seconds", help: "Time of the whole check."),
        ProbeMetric("certificate_days_left", unit: "days", help: "Days until the first certificate of the chain to expire expires."),
    ]

    public typealias Options = TLSOptions
    public typealias Configuration = TLSConfiguration

    private let policy: TargetPolicy
    private let pool: NIOThreadPool
    private let caDirectory: CADirectory

    public init(configuration: Configuration, context: PluginContext) async throws {
        try self.init(configuration: configuration, dataDirectory: context.dataDirectory)
    }

    /// Creates a probe with its own pool of handshake threads. Without `caDirectory` in the
    /// configuration, `caFile` must be in `ca` under `dataDirectory`; with neither, it may
    /// name any file.
    public init(configuration: Configuration = .init(), dataDirectory: String? = nil) throws {
        policy = try configuration.validate()
        caDirectory = CADirectory(configured: configuration.caDirectory, dataDirectory: dataDirectory, plugin: Self.id.rawValue)
        pool = HandshakePools.pool(threads: configuration.threads)
    }

    public func validate(target: String, options: Options) throws {
        var options = options
        options.caFile = try caDirectory.resolve(options.caFile)
        try options.validate()
        let endpoint = try ServerEndpoint(parsing: target, field: "target", defaultPort: UInt16(options.port), example: "example.net:443")
        try TargetResolver.validate(endpoint.host, family: options.family, policy: policy)
        _ = try CertificateCheck(policy: options.policy, anchors: options.anchors)
    }

    public func run(_ request: ProbeRequest<Options>) async throws -> ProbeResult {
        var resolved = request.options
        resolved.caFile = try caDirectory.resolve(resolved.caFile)
        let options = resolved
        let endpoint = try ServerEndpoint(parsing: request.target, field: "target", defaultPort: UInt16(options.port), example: "example.net:443")
        let check = try CertificateCheck(policy: options.policy, anchors: options.anchors)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int64(request.timeout * 1000)))
        let address: IPAddress
        do {
            address = try await TargetResolver.resolve(endpoint.host, family: options.family, policy: policy)
        } catch {
            return .down(error)
        }
        let resolveSeconds = (clock.now - start).seconds
        let serverName = options.serverName ?? endpoint.host
        let outcome: Result<TLSHandshake.Outcome, ProbeFailure>
        do {
            let cancellation = SocketCancellation()
            outcome = try await withTaskCancellationHandler {
                try await pool.runIfActive {
                    Result { () throws(ProbeFailure) in
                        try TLSHandshake.run(address: address, port: endpoint.port, serverName: serverName,
                                             startTLS: options.startTLS, deadline: deadline, cancellation: cancellation)
                    }
                }
            } onCancel: {
                cancellation.cancel()
            }
        } catch {
            return .down(ProbeFailure(code: "probe_error", message: "the handshake thread pool is not running: \(error)"))
        }
        var details: [String: JSONValue] = [
            "host": .string(endpoint.host), "port": .number(Double(endpoint.port)),
            "address": .string(address.description), "serverName": .string(serverName),
        ]
        if let startTLS = options.startTLS { details["startTLS"] = .string(startTLS.rawValue) }
        let handshake: TLSHandshake.Outcome
        switch outcome {
        case .success(let value): handshake = value
        case .failure(let failure): return .down(failure, details: .object(details))
        }
        let verdict = check.evaluate(handshake.chain, host: serverName)
        let total = (clock.now - start).seconds
        details["tlsVersion"] = .string(handshake.version)
        details["cipher"] = .string(handshake.cipher)
        details["certificate"] = verdict.details
        var result = ProbeResult(status: verdict.status, latency: total, failure: verdict.failure, metrics: [
            "resolve_seconds": resolveSeconds, "connect_seconds": handshake.connectSeconds,
            "tls_handshake_seconds": handshake.handshakeSeconds, "total_seconds": total,
            CertificateCheck.daysLeftMetric: Double(verdict.daysLeft),
        ], details: .object(details))
        if options.alertOnExpiring, let event = check.event(for: verdict, previous: request.previous, target: request.target) {
            result.events.append(event)
        }
        return result
    }
}

/// Handshake thread pools, one per size, started once and kept for the process.
enum HandshakePools {
    private static let pools = Mutex<[Int: NIOThreadPool]>([:])

    static func pool(threads: Int) -> NIOThreadPool {
        pools.withLock { table in
            if let pool = table[threads] { return pool }
            let pool = NIOThreadPool(numberOfThreads: threads)
            pool.start()
            table[threads] = pool
            return pool
        }
    }
}
