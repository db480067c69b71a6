import ArgumentParser
import Foundation
import Kernel
import Logging

/// `vantage probe KIND TARGET`: runs one probe from the command line. Exits 0 when the
/// target is up or degraded, 2 when it is down.
struct ProbeCommand: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Run one probe now, e.g. `vantage probe tcp example.com:443`.")

    @Argument(help: "The probe kind (tcp, ...).")
    var kind: String

    @Argument(help: "The target in the probe's syntax (tcp: host:port; dns: a name, or an IP address for its PTR; whois: a domain, IP address or ASN; http: a URL; tls: HOST[:PORT]).")
    var target: String

    @Argument(help: "dns: the record type (A, AAAA, CNAME, MX, NS, TXT, SOA, SRV, CAA, PTR, DNSKEY, DS; option `type`).")
    var recordType: String?

    @Option(name: .long, help: "Seconds the probe may take.")
    var timeout: Double = 60

    @Option(name: .customLong("options"), help: "Probe options as a JSON object, as a monitor's config.")
    var options: String = "{}"

    @Flag(name: .long, help: "Print the result as JSON, the same object the API returns.")
    var json = false

    @Option(name: [.customShort("c"), .long], help: "ping: echo requests; mtr: rounds (sets the option `count`).")
    var count: Int?

    @Option(name: [.customShort("i"), .long], help: "ping: seconds between requests; mtr: between rounds (option `interval`).")
    var interval: Double?

    @Option(name: .long, help: "traceroute and mtr: icmp, udp or tcp; http: the request method (option `method`).")
    var method: String?

    @Option(name: .long, help: "traceroute and mtr: destination port for udp and tcp; tls: the port when the target has none (option `port`).")
    var port: Int?

    @Flag(name: .customLong("resolve"), inversion: .prefixedNo, help: "traceroute and mtr: look up the names of hops (option `resolveNames`).")
    var resolve: Bool?

    @Option(name: .long, help: "dns: the server to ask, HOST[:PORT] (option `servers`); whois: the WHOIS server, or the RDAP base URL (option `server`).")
    var server: String?

    @Flag(name: .long, help: "dns: query over TCP only (option `transport`).")
    var tcp = false

    @Option(name: .long, help: "http and tls: trust the CA certificates of this PEM file instead of the system store (option `caFile`).")
    var cacert: String?

    @Flag(name: [.customShort("k"), .long], help: "http: accept any certificate, still reporting it (option `skipVerify`).")
    var insecure = false

    @Option(name: .long, help: "tls: speak this protocol before the handshake: smtp (option `startTLS`).")
    var starttls: String?

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        let probes = catalog.registrations.filter { $0.role == .probe }
        guard let registration = probes.first(where: { $0.id.name == kind }) ?? probes.first(where: { $0.kindAliases.contains(kind) }) else {
            throw Kernel.ValidationError(field: "KIND", "unknown probe kind '\(kind)'", allowedValues: probes.flatMap { [$0.id.name] + $0.kindAliases }.sorted())
        }
        guard (0.01...300).contains(timeout) else { throw Kernel.ValidationError(field: "--timeout", "must be more than 0 and at most 300 seconds") }
        guard let parsed = try? JSONValue.parse(Data(options.utf8)), var config = parsed.objectValue else {
            throw Kernel.ValidationError(field: "--options", "must be a JSON object")
        }
        if let count { config["count"] = .number(Double(count)) }
        if let interval { config["interval"] = .number(interval) }
        if let method { config["method"] = .string(method) }
        if let port { config["port"] = .number(Double(port)) }
        if let resolve { config["resolveNames"] = .bool(resolve) }
        try applyLookupFlags(to: &config)
        try applyWebFlags(to: &config)
        var logger = Logger(label: "vantage.probe")
        logger.logLevel = .error
        let context = PluginContext(instanceName: registration.id.name, logger: logger, dataDirectory: FileManager.default.currentDirectoryPath, events: EventBus())
        // The command runs as its user, on that user's files: the CA directory that keeps
        // caFile in place on a server is the directory of the file given with --cacert.
        let pluginConfig: JSONValue = cacert.map { .object(["caDirectory": .string(URL(fileURLWithPath: $0).deletingLastPathComponent().path)]) }
            ?? .emptyObject
        guard case .probe(let runner) = try await registration.construct(configuration: pluginConfig, path: "$", context: context).instance else {
            throw Kernel.ValidationError(field: "KIND", "'\(kind)' is not a probe")
        }
        let prepared = try runner.prepare(target: target, timeout: timeout, config: .object(config))
        let renderer = ProbeReportRenderer()
        let progress = json ? nil : ProbeProgress { renderer.progress($0) }
        let record = await OneShotProbe.run(prepared, tenant: .defaultTenant, kind: kind, target: target, timeout: timeout,
                                            logger: logger, progress: progress)
        if json {
            print(String(decoding: try APIEncoding.encoder.encode(record), as: UTF8.self))
        } else {
            renderer.finish(record)
        }
        if record.result.status == .down { throw ExitCode(2) }
    }

    /// The positional record type and `--server`/`--tcp`, which only the lookup probes take.
    private func applyLookupFlags(to config: inout [String: JSONValue]) throws {
        let isDNS = kind == "dns", isWHOIS = kind == "whois"
        if let recordType {
            guard isDNS else { throw Kernel.ValidationError(field: "TYPE", "only `vantage probe dns NAME TYPE` takes a third argument") }
            config["type"] = .string(recordType)
        }
        if let server {
            guard isDNS || isWHOIS else { throw Kernel.ValidationError(field: "--server", "only the dns and whois probes take --server") }
            config[isDNS ? "servers" : "server"] = isDNS ? .array([.string(server)]) : .string(server)
        }
        if tcp {
            guard isDNS else { throw Kernel.ValidationError(field: "--tcp", "only the dns probe takes --tcp") }
            config["transport"] = .string("tcp")
        }
    }

    /// `--cacert`, `-k` and `--starttls`, which only the http and tls probes take.
    private func applyWebFlags(to config: inout [String: JSONValue]) throws {
        let isHTTP = kind == "http" || kind == "https", isTLS = kind == "tls"
        if let cacert {
            guard isHTTP || isTLS else { throw Kernel.ValidationError(field: "--cacert", "only the http and tls probes take --cacert") }
            config["caFile"] = .string(URL(fileURLWithPath: cacert).standardizedFileURL.path)
        }
        if insecure {
            guard isHTTP else { throw Kernel.ValidationError(field: "--insecure", "only the http probe takes --insecure") }
            config["skipVerify"] = .bool(true)
        }
        if let starttls {
            guard isTLS else { throw Kernel.ValidationError(field: "--starttls", "only the tls probe takes --starttls") }
            config["startTLS"] = .string(starttls)
        }
    }

    static func describe(_ record: ResultRecord) -> String {
        let result = record.result
        var line = "\(record.kind) \(record.target): \(result.status.rawValue)"
        if let latency = result.latency { line += " in \(String(format: "%.3f", latency * 1000)) ms" }
        if let failure = result.failure { line += " (\(failure.code): \(failure.message))" }
        if case .object(let details) = result.details, case .string(let address)? = details["address"] { line += " [\(address)]" }
        return line
    }
}
