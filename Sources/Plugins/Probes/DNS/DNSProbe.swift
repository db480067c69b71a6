import Foundation
import Kernel
import PacketSupport

/// `probe.dns`: one DNS query on Vantage's own wire code (no `dig`), against the system
/// resolvers or given servers, with expectations on the response code, the answer and the
/// query time.
///
/// Up when the response code is expected and the answer matches; degraded when slower than
/// `degradedAfter`; down with `timeout`, `refused`, `unreachable`, `bad_response`, `rcode`,
/// `answer_mismatch` or `no_server` otherwise.
public struct DNSProbe: Probe {
    public static let id = PluginID("probe.dns")!
    public static let summary = "DNS lookups on its own wire code: UDP with TCP retry, EDNS0, every common record type"
    /// Reads the previous result to raise its "once" events (see `run`).
    public static let readsPreviousResult = true
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("query_seconds", unit: "seconds", help: "Time from sending the query to its answer."),
        ProbeMetric("answer_records", unit: "count", help: "Records in the answer section."),
        ProbeMetric("response_bytes", unit: "bytes", help: "Size of the response message."),
    ]

    public typealias Options = DNSOptions

    /// Settings of a `probe.dns` instance.
    public struct Configuration: PluginConfiguration, Hashable {
        /// Where the system resolvers are listed. Default `/etc/resolv.conf`.
        public var resolvConf: String
        /// Server addresses or networks never queried (CIDR).
        public var deny: [String]
        /// When not empty, the only server networks that may be queried.
        public var allow: [String]

        /// Creates settings.
        public init(resolvConf: String = "/etc/resolv.conf", deny: [String] = [], allow: [String] = []) {
            self.resolvConf = resolvConf
            self.deny = deny
            self.allow = allow
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resolvConf = try container.decodeIfPresent(String.self, forKey: .resolvConf) ?? "/etc/resolv.conf"
            deny = try container.decodeIfPresent([String].self, forKey: .deny) ?? []
            allow = try container.decodeIfPresent([String].self, forKey: .allow) ?? []
        }
    }

    private let configuration: Configuration
    private let policy: TargetPolicy

    public init(configuration: Configuration, context: PluginContext) async throws {
        try self.init(configuration: configuration)
    }

    /// Creates a probe; throws `ConfigurationError` for a malformed deny or allow entry.
    public init(configuration: Configuration = .init()) throws {
        self.configuration = configuration
        // Start the transport thread now, so the first query's time does not include it.
        _ = DNSTransport.shared
        policy = try TargetPolicy.configured(deny: configuration.deny, allow: configuration.allow)
    }

    public func validate(target: String, options: Options) throws {
        _ = try Self.question(target: target, options: options)
        try options.validate()
    }

    /// The question a target and options ask: an IP address becomes its reverse name.
    static func question(target: String, options: Options) throws -> DNSQuestion {
        let trimmed = target.trimmingBlanks
        let type = options.type.flatMap(DNSRecordType.init(name:))
        if let address = IPAddress(trimmed), type == nil || type == .ptr {
            return DNSQuestion(name: DNSName.reverse(addressBytes: address.bytes)!, type: .ptr)
        }
        do {
            return DNSQuestion(name: try DNSName(parsing: trimmed), type: type ?? .a)
        } catch {
            throw ValidationError(field: "target", error.reason)
        }
    }

    public func run(_ request: ProbeRequest<Options>) async throws -> ProbeResult {
        let options = request.options
        let question = try Self.question(target: request.target, options: options)
        let deadline = Clock.monotonicNanoseconds() + Int64(request.timeout * 1e9)
        let servers: [(IPAddress, UInt16)]
        do {
            servers = try await resolveServers(options.servers)
        } catch {
            return .down(error)
        }
        let attempts = options.transport == .tcp ? 1 : options.attempts
        let lookup = DNSLookup(question: question, recursion: options.recursion,
                               checkingDisabled: options.checkingDisabled,
                               edns: options.edns ? EDNS(udpPayloadSize: UInt16(options.bufferSize), dnssecOK: options.dnssec) : nil,
                               overTCP: options.transport == .tcp, attempts: attempts,
                               attemptTimeout: options.attemptTimeout ?? min(2, request.timeout / Double(attempts)))
        let (outcome, failures) = await lookup.run(servers: servers, deadline: deadline)
        switch outcome {
        case .failure(let failure):
            if failure.code == "cancelled" { throw CancellationError() }
            return .down(failure, details: .object(["question": .object(["name": .string("\(question.name)"), "type": .string("\(question.type)")]),
                                                    "failedServers": .array(failures.map { .string($0) })]))
        case .success(let answer):
            return DNSVerdict.result(answer, question: question, options: options, failures: failures, previous: request.previous)
        }
    }

    /// The servers to ask, resolved and checked against the policy.
    private func resolveServers(_ given: [String]) async throws(ProbeFailure) -> [(IPAddress, UInt16)] {
        var addresses: [DNSServerAddress] = []
        if given.isEmpty {
            addresses = ResolvConf.servers(path: configuration.resolvConf)
            guard !addresses.isEmpty else {
                throw ProbeFailure(code: "no_server", message: "\(configuration.resolvConf) lists no nameserver; give config.servers")
            }
        } else {
            for (index, text) in given.enumerated() {
                do {
                    addresses.append(try DNSServerAddress(dnsServer: text, field: "config.servers[\(index)]"))
                } catch {
                    throw ProbeFailure(code: "bad_server", message: "\(error)")
                }
            }
        }
        var resolved: [(IPAddress, UInt16)] = []
        for server in addresses {
            let address = try await TargetResolver.resolve(server.host, family: .any, policy: policy)
            resolved.append((address, server.port))
        }
        return resolved
    }
}
