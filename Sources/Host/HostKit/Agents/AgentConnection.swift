import Foundation
import HummingbirdWebSocket
import Kernel
import Logging
import NIOWebSocket

/// One agent's open connection on this server: writes to it one at a time, issues its
/// credential once it is approved, and remembers when it was last heard from.
actor AgentConnection {
    /// The agent.
    let id: AgentID
    private let outbound: WebSocketOutboundWriter
    private let heartbeatSeconds: Double
    private let logger: Logger
    /// The agent as last read; its status decides what the connection may do.
    private(set) var agent: Agent
    /// The credential sent and not yet confirmed saved, hashed.
    private var issuedHash: String?
    /// When a frame last arrived.
    private(set) var lastHeard = Date()
    /// Whether the connection was closed from this side.
    private(set) var closed = false
    /// The monitors last assigned, by id.
    private(set) var assigned: [MonitorID: Monitor] = [:]

    init(agent: Agent, outbound: WebSocketOutboundWriter, heartbeatSeconds: Double, logger: Logger) {
        id = agent.id
        self.agent = agent
        self.outbound = outbound
        self.heartbeatSeconds = heartbeatSeconds
        self.logger = logger
    }

    /// Whether the agent is approved on this connection.
    var isApproved: Bool { agent.status == .approved }

    /// Notes that a frame arrived.
    func heard() { lastHeard = Date() }

    /// Tells the agent where it stands.
    func welcome() async {
        await send(.welcome(agent, heartbeatSeconds: heartbeatSeconds))
    }

    /// Sends a new credential; its hash is kept once the agent confirms it saved it.
    func issueCredential() async {
        let credential = AgentCredentials.mint()
        issuedHash = AgentCredentials.hash(credential)
        await send(.credential(credential))
    }

    /// The hash of the credential the agent confirmed saving, taken once.
    func takeIssuedHash() -> String? {
        defer { issuedHash = nil }
        return issuedHash
    }

    /// The agent was approved while connected (or its record changed): it gets a new welcome
    /// and, when it has none, its credential. True when this made it approved.
    func update(_ current: Agent) async -> Bool {
        let wasApproved = isApproved
        agent = current
        guard current.status == .approved, !wasApproved else { return false }
        await welcome()
        if current.credentialHash == nil { await issueCredential() }
        return true
    }

    /// Sends the agent its monitors (the whole set).
    func assign(_ monitors: [Monitor], egress: EgressPolicy) async {
        assigned = Dictionary(monitors.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        await send(.assign(monitors, egress: egress))
    }

    /// Tells the agent its results are stored up to `sequence`.
    func acknowledge(_ sequence: Int64, epoch: String) async {
        await send(.ack(sequence, epoch: epoch))
    }

    /// Closes the connection with `code` and `reason`.
    func close(_ code: AgentCloseCode, _ reason: String) async {
        await close(code: .unknown(code.rawValue), reason)
    }

    /// Closes the connection with a standard `code` and `reason`.
    func close(code: WebSocketErrorCode, _ reason: String) async {
        guard !closed else { return }
        closed = true
        do {
            try await outbound.close(code, reason: reason)
        } catch {
            logger.debug("closing an agent connection failed", metadata: ["agent": "\(id)", "error": "\(error)"])
        }
    }

    private func send(_ frame: AgentFrame) async {
        guard !closed else { return }
        do {
            try await outbound.write(.text(frame.text))
        } catch {
            logger.debug("writing to an agent failed", metadata: ["agent": "\(id)", "error": "\(error)"])
        }
    }
}
