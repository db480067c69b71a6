import Foundation
import Kernel
import SSHSupport

/// The body of `POST /api/v1/traces`: a target, the origins to trace it from at once
/// (`local` for this server, host ids for remote hosts), the mtr options they share and a
/// time limit per origin.
struct TraceInput: Codable, Sendable {
    var target: String
    var origins: [String]
    var options: TraceOptions?
    var timeout: Double?

    /// The largest number of origins of one run.
    static let maximumOrigins = 20

    /// The time limit of each origin: given, or the rounds plus 15 s (connection, late answers).
    var effectiveTimeout: Double {
        let options = self.options ?? TraceOptions()
        return timeout ?? min(Double(options.count ?? 10) * (options.interval ?? 1) + 15, 300)
    }

    /// Checks the fields no probe checks: the target's form, the origins' count and
    /// uniqueness, the timeout. Throws `ValidationError` naming each.
    func validate() throws {
        var issues: [FieldIssue] = []
        if let problem = RemoteTarget.problem(target) { issues.append(.init(field: "target", message: problem)) }
        if origins.isEmpty || origins.count > Self.maximumOrigins {
            issues.append(.init(field: "origins", message: "must name 1 to \(Self.maximumOrigins) origins: \"local\" or host ids"))
        }
        var seen: Set<String> = []
        for (index, origin) in origins.enumerated() where !seen.insert(origin.lowercased()).inserted {
            issues.append(.init(field: "origins[\(index)]", message: "names an origin twice"))
        }
        if let timeout, !(1...300).contains(timeout) { issues.append(.init(field: "timeout", message: "must be 1 to 300 seconds")) }
        guard issues.isEmpty else { throw ValidationError(issues) }
    }
}

/// The mtr options every origin of a run uses; each probe checks them (`options.count`).
struct TraceOptions: Codable, Sendable, Hashable {
    /// Probe packets.
    enum Method: String, Codable, Sendable, Hashable, CaseIterable { case icmp, udp, tcp }

    var method: Method?
    var count: Int?
    var interval: Double?
    var maxHops: Int?
    var port: Int?
    var resolveNames: Bool?

    /// The options as a probe's `config`, with only what was given (each probe has its defaults).
    var config: [String: JSONValue] {
        var config: [String: JSONValue] = [:]
        if let method { config["method"] = .string(method.rawValue) }
        if let count { config["count"] = .number(Double(count)) }
        if let interval { config["interval"] = .number(interval) }
        if let maxHops { config["maxHops"] = .number(Double(maxHops)) }
        if let port { config["port"] = .number(Double(port)) }
        if let resolveNames { config["resolveNames"] = .bool(resolveNames) }
        return config
    }

    /// Checks the bounds shared by both probes, so a run is refused the same way from any origin.
    func validate() throws {
        if let count, !(1...100).contains(count) { throw ValidationError(field: "options.count", "must be 1 to 100") }
        if let interval, !(1...60).contains(interval) { throw ValidationError(field: "options.interval", "must be 1 to 60 seconds") }
        if let maxHops, !(1...64).contains(maxHops) { throw ValidationError(field: "options.maxHops", "must be 1 to 64") }
        if let port, !(1...65_535).contains(port) { throw ValidationError(field: "options.port", "must be 1 to 65535") }
    }
}
