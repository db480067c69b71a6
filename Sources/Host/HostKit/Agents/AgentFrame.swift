import Foundation
import Kernel

/// One message on an agent's connection: a JSON text frame with a `type`.
///
/// Server to agent: `welcome` (the agent's status and the heartbeat interval), `credential`
/// (issued once after approval), `assign` (every monitor the agent runs, with its tenant's
/// egress policy), `ack` (results stored up to a sequence). Agent to server: `heartbeat`
/// (with its spool depth), `credential.saved` (the credential is on disk; only then does the
/// server keep its hash), `results` (numbered, in order, within the spool's epoch).
/// Refusals are WebSocket close codes (`AgentCloseCode`) with a reason for people.
struct AgentFrame: Codable, Sendable, Hashable {
    /// What the frame is.
    enum Kind: String, Codable, Sendable {
        case welcome
        case credential
        case heartbeat
        case credentialSaved = "credential.saved"
        case assign
        case results
        case ack
    }

    /// What the frame is.
    var type: Kind
    /// `welcome`: pending or approved.
    var status: AgentStatus?
    /// `welcome`: the agent's name and labels as the server has them.
    var name: String?
    var labels: [String]?
    /// `welcome`: seconds between heartbeats.
    var heartbeatSeconds: Double?
    /// `credential`: the agent's own credential.
    var credential: String?
    /// `heartbeat`: results waiting in the agent's spool.
    var spoolDepth: Int?
    /// `assign`: the monitors to run, and the policy their probes are prepared under.
    var monitors: [Monitor]?
    var egress: EgressPolicy?
    /// `results`, `ack`: the spool's epoch (a new spool numbers from 1 again).
    var epoch: String?
    /// `results`: numbered results, in order.
    var results: [AgentResult]?
    /// `ack`: every result of the epoch up to this sequence is stored.
    var sequence: Int64?

    static func welcome(_ agent: Agent, heartbeatSeconds: Double) -> AgentFrame {
        AgentFrame(type: .welcome, status: agent.status, name: agent.name, labels: agent.labels, heartbeatSeconds: heartbeatSeconds)
    }

    static func credential(_ credential: String) -> AgentFrame { AgentFrame(type: .credential, credential: credential) }

    static func heartbeat(spoolDepth: Int) -> AgentFrame { AgentFrame(type: .heartbeat, spoolDepth: spoolDepth) }

    static let credentialSaved = AgentFrame(type: .credentialSaved)

    static func assign(_ monitors: [Monitor], egress: EgressPolicy) -> AgentFrame { AgentFrame(type: .assign, monitors: monitors, egress: egress) }

    static func results(_ results: [AgentResult], epoch: String) -> AgentFrame { AgentFrame(type: .results, epoch: epoch, results: results) }

    static func ack(_ sequence: Int64, epoch: String) -> AgentFrame { AgentFrame(type: .ack, epoch: epoch, sequence: sequence) }

    /// The frame as JSON text.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// A frame from JSON text; nil when it is not one.
    static func decode(_ text: String) -> AgentFrame? { try? JSONDecoder().decode(AgentFrame.self, from: Data(text.utf8)) }
}

/// One check an agent ran, numbered in its spool: the result, the monitor's state at that
/// location after it, and the events it caused.
struct AgentResult: Codable, Sendable, Hashable {
    var sequence: Int64
    var record: ResultRecord
    var state: MonitorState?
    var events: [Event]?
}

/// Close codes of agent connections (private-use range 4000–4999), each with a reason.
enum AgentCloseCode: UInt16, Sendable {
    /// A header is missing or malformed, or a frame could not be read.
    case badRequest = 4400
    /// The shared secret or the credential is wrong or missing.
    case unauthorized = 4401
    /// The agent was rejected or revoked.
    case revoked = 4403
    /// A newer connection of the same agent replaced this one.
    case replaced = 4409
    /// Too many refused attempts from the agent's address: it waits before trying again.
    case tooManyAttempts = 4429
    /// As many agents as `agents.maxPendingAgents` wait for approval: a new one tries later.
    case enrolmentFull = 4503
}

/// The headers an agent's upgrade request carries.
enum AgentHeaders {
    /// The agent's UUID.
    static let id = "X-Vantage-Agent-Id"
    /// The shared secret (enrolment, and until the credential is issued).
    static let secret = "X-Vantage-Agent-Secret"
    /// Its name for people.
    static let name = "X-Vantage-Agent-Name"
    /// The Vantage version it runs.
    static let version = "X-Vantage-Agent-Version"
    /// The probe kinds it can run, comma-separated.
    static let plugins = "X-Vantage-Agent-Plugins"
    /// The path agents connect to.
    static let path = "/api/v1/agents/connect"
}
