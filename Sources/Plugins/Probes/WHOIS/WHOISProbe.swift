import Foundation
import Kernel

/// `probe.whois`: who registered a domain and when it expires, or who holds an IP network
/// or AS number, over RDAP (JSON over HTTPS) or classic WHOIS (TCP 43) with referrals.
///
/// For domains: degraded within `expiryWarningDays` of expiry (`expiring`) or when no expiry
/// date is published (`expiry_unknown`), down when expired (`expired`) or not registered
/// (`not_found`). Failures to reach a server are down with `timeout`, `refused`,
/// `connect_error`, `rdap_error` or `bad_response`.
public struct WHOISProbe: Probe {
    public static let id = PluginID("probe.whois")!
    public static let summary = "Domain, IP and ASN registration over RDAP and WHOIS (with referrals), with expiry checks"
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("lookup_seconds", unit: "seconds", help: "Time of the whole lookup, referrals included."),
        ProbeMetric("days_left", unit: "days", help: "Days until the registration expires, when the registry says."),
    ]

    public typealias Options = WHOISOptions
    public typealias Configuration = WHOISConfiguration

    private let lookup: WHOISLookup

    public init(configuration: Configuration, context: PluginContext) async throws {
        try self.init(configuration: configuration)
    }

    /// Creates a probe; throws `ConfigurationError` for a malformed server or URL.
    public init(configuration: Configuration = .init()) throws {
        try configuration.validate()
        let policy = try configuration.policy()
        let rdap = RDAPClient(maxBytes: configuration.maxResponseBytes, policy: policy)
        lookup = WHOISLookup(configuration: configuration, bootstrap: RDAPBootstrap(base: configuration.rdapBootstrap, client: rdap),
                             whois: WHOISClient(maxBytes: configuration.maxResponseBytes, policy: policy), rdap: rdap)
    }

    public func validate(target: String, options: Options) throws {
        _ = try WHOISTarget(parsing: target)
        try options.validate()
    }

    public func run(_ request: ProbeRequest<Options>) async throws -> ProbeResult {
        let target = try WHOISTarget(parsing: request.target)
        let started = Date()
        let outcome: WHOISLookup.Outcome
        do {
            outcome = try await lookup.run(target, options: request.options, deadline: started.addingTimeInterval(request.timeout))
        } catch {
            return .down(error)
        }
        let seconds = Date().timeIntervalSince(started)
        return Self.verdict(outcome, target: target, options: request.options, seconds: seconds, now: Date())
    }

    static func verdict(_ outcome: WHOISLookup.Outcome, target: WHOISTarget, options: Options, seconds: Double, now: Date) -> ProbeResult {
        let registration = outcome.registration
        let daysLeft = registration.expires.map { Int(floor($0.timeIntervalSince(now) / 86_400)) }
        var result = ProbeResult(status: .up, latency: seconds, metrics: ["lookup_seconds": seconds],
                                 details: details(outcome, target: target, daysLeft: daysLeft))
        if let daysLeft { result.metrics["days_left"] = Double(daysLeft) }
        let name = outcome.servers.last ?? "the server"
        if registration.notFound {
            result.status = .down
            result.failure = ProbeFailure(code: "not_found", message: "\(name) has no registration for \(target.rdapPath.split(separator: "/").last ?? "")")
        } else if case .domain = target {
            if let expires = registration.expires, let daysLeft {
                if expires <= now {
                    result.status = .down
                    result.failure = ProbeFailure(code: "expired", message: "the registration expired on \(iso(expires))")
                } else if daysLeft < options.expiryWarningDays {
                    result.status = .degraded
                    result.failure = ProbeFailure(code: "expiring", message: "the registration expires on \(iso(expires)), in \(daysLeft) days")
                }
            } else if registration.created != nil || registration.registrar != nil {
                result.status = .degraded
                result.failure = ProbeFailure(code: "expiry_unknown", message: "\(name) publishes no expiry date")
            }
        }
        return result
    }

    private static func details(_ outcome: WHOISLookup.Outcome, target: WHOISTarget, daysLeft: Int?) -> JSONValue {
        let registration = outcome.registration
        var fields: [String: JSONValue] = [
            "statuses": .array(registration.statuses.map { .string($0) }),
            "nameServers": .array(registration.nameServers.map { .string($0) }),
        ]
        let texts: [(String, String?)] = [("domain", registration.domain), ("registrar", registration.registrar),
                                          ("holder", registration.holder), ("network", registration.network),
                                          ("dnssec", registration.dnssec), ("abuseEmail", registration.abuseEmail),
                                          ("abusePhone", registration.abusePhone)]
        for (key, value) in texts { if let value { fields[key] = .string(value) } }
        for (key, date) in [("created", registration.created), ("updated", registration.updated), ("expires", registration.expires)] {
            if let date { fields[key] = .string(iso(date)) }
        }
        if let daysLeft { fields["daysLeft"] = .number(Double(daysLeft)) }
        var details: [String: JSONValue] = [
            "kind": .string(target.kind),
            "protocol": .string(outcome.protocolUsed),
            "servers": .array(outcome.servers.map { .string($0) }),
            "registration": .object(fields),
            "raw": .array(outcome.raw),
        ]
        if !outcome.notes.isEmpty { details["notes"] = .array(outcome.notes.map { .string($0) }) }
        return .object(details)
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }
}
