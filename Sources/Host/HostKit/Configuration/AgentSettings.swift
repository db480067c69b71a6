import Foundation
import Kernel

/// The `agents` section of `Plugins.json`: how this server admits agents.
///
/// ```json
/// "agents": {"secretFile": "/etc/vantage/agent-secret", "heartbeatSeconds": 15, "offlineAfterSeconds": 45, "refusalsPerMinute": 20,
///            "maxPendingAgents": 1000}
/// ```
///
/// The shared secret agents enrol with is `VANTAGE_AGENT_SECRET`, else the contents of
/// `secretFile`; never a command-line argument, which `ps` shows. Without one, new agents
/// cannot enrol, while approved agents keep connecting with their own credentials.
public struct AgentSettings: Codable, Sendable, Hashable {
    /// A file holding the shared secret (its first line), read at start.
    public var secretFile: String?
    /// Seconds between an agent's heartbeats. Default 15.
    public var heartbeatSeconds: Double
    /// Seconds without a heartbeat after which an agent counts as offline. Default 45.
    public var offlineAfterSeconds: Double
    /// Refused connection attempts an address may make a minute before it is turned away at
    /// once (4429). Default 20.
    public var refusalsPerMinute: Int
    /// Agents that may wait for approval at once; past them a new agent is refused (4503)
    /// until an operator approves or rejects some. Default 1000.
    public var maxPendingAgents: Int

    /// The shortest shared secret accepted.
    public static let minimumSecretLength = 16

    /// Creates settings with the documented defaults.
    public init(secretFile: String? = nil, heartbeatSeconds: Double = 15, offlineAfterSeconds: Double = 45, refusalsPerMinute: Int = 20,
                maxPendingAgents: Int = 1000) {
        self.secretFile = secretFile
        self.heartbeatSeconds = heartbeatSeconds
        self.offlineAfterSeconds = offlineAfterSeconds
        self.refusalsPerMinute = refusalsPerMinute
        self.maxPendingAgents = maxPendingAgents
    }

    public init(from decoder: any Decoder) throws {
        let defaults = AgentSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        secretFile = try container.decodeIfPresent(String.self, forKey: .secretFile)
        heartbeatSeconds = try container.decodeIfPresent(Double.self, forKey: .heartbeatSeconds) ?? defaults.heartbeatSeconds
        offlineAfterSeconds = try container.decodeIfPresent(Double.self, forKey: .offlineAfterSeconds) ?? defaults.offlineAfterSeconds
        refusalsPerMinute = try container.decodeIfPresent(Int.self, forKey: .refusalsPerMinute) ?? defaults.refusalsPerMinute
        maxPendingAgents = try container.decodeIfPresent(Int.self, forKey: .maxPendingAgents) ?? defaults.maxPendingAgents
        if !(1...1_000_000).contains(maxPendingAgents) {
            throw DecodingError.dataCorruptedError(forKey: .maxPendingAgents, in: container, debugDescription: "must be 1 to 1000000")
        }
        if !(1...10_000).contains(refusalsPerMinute) {
            throw DecodingError.dataCorruptedError(forKey: .refusalsPerMinute, in: container, debugDescription: "must be 1 to 10000")
        }
        if !(0.2...3600).contains(heartbeatSeconds) {
            throw DecodingError.dataCorruptedError(forKey: .heartbeatSeconds, in: container, debugDescription: "must be 0.2 to 3600")
        }
        if !(heartbeatSeconds * 2...86_400).contains(offlineAfterSeconds) {
            throw DecodingError.dataCorruptedError(forKey: .offlineAfterSeconds, in: container,
                                                   debugDescription: "must be at least twice heartbeatSeconds, and at most 86400")
        }
    }

    /// The shared secret: `VANTAGE_AGENT_SECRET`, else the first line of `secretFile`; nil
    /// when neither is set. A secret shorter than `minimumSecretLength` is refused.
    public func sharedSecret(environment: [String: String]) throws -> String? {
        let secret: String
        if let fromEnvironment = environment["VANTAGE_AGENT_SECRET"], !fromEnvironment.isEmpty {
            secret = fromEnvironment
            guard secret.count >= Self.minimumSecretLength else {
                throw ConfigurationError(path: "VANTAGE_AGENT_SECRET", message: "must be at least \(Self.minimumSecretLength) characters")
            }
        } else if let secretFile {
            guard let text = try? String(contentsOfFile: secretFile, encoding: .utf8) else {
                throw ConfigurationError(path: "$.agents.secretFile", message: "cannot read '\(secretFile)'")
            }
            secret = String(text.split(whereSeparator: \.isNewline).first ?? "")
            guard secret.count >= Self.minimumSecretLength else {
                throw ConfigurationError(path: "$.agents.secretFile", message: "the secret in '\(secretFile)' must be at least \(Self.minimumSecretLength) characters")
            }
        } else {
            return nil
        }
        return secret
    }
}
