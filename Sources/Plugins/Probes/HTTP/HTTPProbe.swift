import Foundation
import Kernel
import NIOCore
import NIOHTTP1
import NIOPosix
import PacketSupport
import TLSSupport

/// `probe.http`: an HTTP or HTTPS request on a fresh connection, following redirects, with
/// assertions on status, body, JSON and headers, the phase timings (DNS, connect, TLS, time to
/// first byte, transfer, total), and for HTTPS the certificate judged as `probe.tls` does.
///
/// Down when a request fails (`timeout`, `refused`, `tls_error`, `certificate_expired`, ...)
/// or an assertion fails (`status_mismatch`, `body_mismatch`, `json_mismatch`,
/// `header_mismatch`); degraded when slower than `degradedAfter` (`slow`) or when the
/// certificate is inside its warning window (`certificate_expiring`, raising
/// `tls.certificate_expiring` once on entry).
public struct HTTPProbe: Probe {
    public static let id = PluginID("probe.http")!
    public static let summary = "HTTP/HTTPS requests with redirects, assertions, phase timings and certificate checks"
    /// Reads the previous result to raise its "once" events (see `run`).
    public static let readsPreviousResult = true
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("dns_seconds", unit: "seconds", help: "Time resolving names, over every redirect."),
        ProbeMetric("connect_seconds", unit: "seconds", help: "Time opening TCP connections, over every redirect."),
        ProbeMetric("tls_seconds", unit: "seconds", help: "Time in TLS handshakes, over every redirect."),
        ProbeMetric("first_byte_seconds", unit: "seconds", help: "Time from sending each request to its first response byte, summed."),
        ProbeMetric("transfer_seconds", unit: "seconds", help: "Time reading response bodies, summed."),
        ProbeMetric("total_seconds", unit: "seconds", help: "Time of the whole exchange including redirects."),
        ProbeMetric("status_code", unit: "count", help: "HTTP status code of the final response."),
        ProbeMetric("body_bytes", unit: "bytes", help: "Size of the final response body."),
        ProbeMetric("redirects", unit: "count", help: "Redirects followed."),
        ProbeMetric("certificate_days_left", unit: "days", help: "Days until the final server's certificate expires (HTTPS)."),
    ]
    public static var kindAliases: [String] { ["https"] }
    public static var secretPaths: [String] { HTTPOptions.secretPaths }

    public typealias Options = HTTPOptions
    public typealias Configuration = HTTPConfiguration

    private let policy: TargetPolicy
    private let caDirectory: CADirectory

    public init(configuration: Configuration, context: PluginContext) async throws {
        try self.init(configuration: configuration, dataDirectory: context.dataDirectory)
    }

    /// Creates a probe; throws `ConfigurationError` for a malformed deny/allow entry. Without
    /// `caDirectory` in the configuration, `caFile` must be in `ca` under `dataDirectory`;
    /// with neither, it may name any file.
    public init(configuration: Configuration = .init(), dataDirectory: String? = nil) throws {
        policy = try configuration.policy()
        caDirectory = CADirectory(configured: configuration.caDirectory, dataDirectory: dataDirectory, plugin: Self.id.rawValue)
        // Start the event loops and the resolver's threads now, so the first run's DNS and
        // connect times do not include thread start-up.
        _ = MultiThreadedEventLoopGroup.singleton
        _ = NIOThreadPool.singleton
    }

    public func validate(target: String, options: Options) throws {
        let url = try HTTPURL(parsing: target)
        var options = options
        options.caFile = try caDirectory.resolve(options.caFile)
        try options.validate()
        try TargetResolver.validate(url.host, family: options.family, policy: policy)
    }

    public func run(_ request: ProbeRequest<Options>) async throws -> ProbeResult {
        var options = request.options
        options.caFile = try caDirectory.resolve(options.caFile)
        let deadline = NIODeadline.now() + .nanoseconds(Int64(request.timeout * 1e9))
        var hopRequest = try HTTPHop.Request(
            url: HTTPURL(parsing: request.target), method: HTTPMethod(rawValue: options.method),
            headers: RequestHeaders.make(options), body: options.body.map { Array($0.utf8) },
            maxBodyBytes: options.maxBodyBytes, family: options.family,
            certificateCheck: try CertificateCheck(
                policy: .init(warningDays: options.certificateWarningDays), anchors: TrustAnchorOptions.anchors(caFile: options.caFile, caPEM: options.caPEM)),
            skipVerify: options.skipVerify)
        if !hopRequest.headers.contains(name: "Host") { hopRequest.headers.add(name: "Host", value: hopRequest.url.hostHeader) }
        var hops: [HTTPHop] = []
        while true {
            let hop: HTTPHop
            do {
                hop = try await HTTPHop.run(hopRequest, policy: policy, deadline: deadline)
            } catch {
                return HTTPResultBuilder(options: options, hops: hops).failed(error, url: hopRequest.url)
            }
            hops.append(hop)
            guard options.followRedirects, [301, 302, 303, 307, 308].contains(hop.status),
                  let location = hop.headers.first(where: { $0.name.lowercased() == "location" })?.value else { break }
            guard hops.count <= options.maxRedirects else {
                return HTTPResultBuilder(options: options, hops: hops).failed(
                    ProbeFailure(code: "too_many_redirects", message: "more than \(options.maxRedirects) redirects (the last to \(location.prefix(200)))"),
                    url: hop.url)
            }
            do {
                let next = try hop.url.resolving(location: location)
                if next.host.lowercased() != hop.url.host.lowercased() || next.port != hop.url.port {
                    hopRequest.headers.remove(name: "Authorization")
                }
                hopRequest.headers.replaceOrAdd(name: "Host", value: next.hostHeader)
                if hop.status == 303 || ([301, 302].contains(hop.status) && hopRequest.method == .POST) {
                    hopRequest.method = .GET
                    hopRequest.body = nil
                    hopRequest.headers.remove(name: "Content-Length")
                }
                hopRequest.url = next
            } catch {
                return HTTPResultBuilder(options: options, hops: hops).failed(error, url: hop.url)
            }
        }
        var result = HTTPResultBuilder(options: options, hops: hops).result()
        if options.checkCertificate, let outcome = hops.last?.certificate,
           let event = hopRequest.certificateCheck.event(for: outcome, previous: request.previous, target: request.target) {
            result.events.append(event)
        }
        return result
    }
}

/// The request headers: Host, User-Agent, Accept, Connection: close, authorization, the
/// monitor's own headers (which may replace the defaults), and Content-Length with a body.
enum RequestHeaders {
    static func make(_ options: HTTPOptions) throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: options.userAgent)
        headers.add(name: "Accept", value: "*/*")
        headers.add(name: "Connection", value: "close")
        if let basic = options.basicAuth {
            headers.add(name: "Authorization", value: "Basic " + Data("\(basic.username):\(basic.password)".utf8).base64EncodedString())
        } else if let token = options.bearerToken {
            headers.add(name: "Authorization", value: "Bearer " + token)
        }
        for (name, value) in (options.headers.merging(options.secretHeaders) { $1 }).sorted(by: { $0.key < $1.key }) {
            headers.replaceOrAdd(name: name, value: value)
        }
        if let body = options.body { headers.replaceOrAdd(name: "Content-Length", value: "\(body.utf8.count)") }
        return headers
    }
}
