import Foundation
import HummingbirdWebSocket
import Kernel
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// The agents' side of a server: admits each connection at `/api/v1/agents/connect`
/// (`AgentService.admit`), keeps the open ones, issues credentials, records heartbeats,
/// raises `agent.online` / `agent.offline`, and acts on approvals and revocations made
/// anywhere (the bus, relayed between servers sharing a store; and each heartbeat re-reads
/// the record, so a decision made by `vantage agents` on another process arrives too).
public final class AgentGateway: Service, Sendable {
    let service: AgentService
    let settings: AgentSettings
    let events: EventBus
    let logger: Logger
    let assignments: AgentAssignments
    let intake: AgentResultIntake
    let connections = Mutex<[AgentID: AgentConnection]>([:])
    /// Refused attempts by address: past `settings.refusalsPerMinute`, an address is refused
    /// at once (4429) without a look at its headers or the store, so guessing secrets or
    /// credentials is slow and cheap to turn away.
    private let refusals = TokenBuckets()
    private let connectedGauges: [AgentStatus: Meter]

    /// Creates the gateway; `metrics` is where connection counts and results received are
    /// exported.
    init(service: AgentService, store: any Store, probes: ProbeDirectory, settings: AgentSettings, events: EventBus, metrics: any MetricsFactory,
         logger: Logger) {
        self.service = service
        self.settings = settings
        self.events = events
        self.logger = logger
        assignments = AgentAssignments(store: store, probes: probes)
        intake = AgentResultIntake(store: store, events: events, metrics: metrics, logger: logger, enrichment: probes.enrichment)
        var gauges: [AgentStatus: Meter] = [:]
        for status in [AgentStatus.pending, .approved] {
            gauges[status] = Meter(label: "vantage_agents_connected", dimensions: [("status", status.rawValue)], factory: metrics)
        }
        connectedGauges = gauges
    }

    /// Agents connected to this server now.
    var connectedCount: Int { connections.withLock { $0.count } }

    /// Whether `id` is connected to this server.
    func isConnected(_ id: AgentID) -> Bool { connections.withLock { $0[id] != nil } }

    /// Serves one upgraded connection until it closes.
    func serve(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter,
               _ context: WebSocketRouterContext<WebSocketUpgradeContext>) async {
        let admission: AgentService.Admission
        let address = context.requestContext.remoteAddress
        if let wait = refusals.wait(address, limit: settings.refusalsPerMinute, perSeconds: 60) {
            let reason = "too many refused attempts from \(address); retry in \(max(Int(wait.rounded(.up)), 1)) s"
            await refuse(.unknown(AgentCloseCode.tooManyAttempts.rawValue), reason, inbound, outbound)
            return
        }
        do {
            admission = try await service.admit(try AgentHello.parse(context.request.headers, address: context.requestContext.remoteAddress))
        } catch let refusal as AgentRefusal {
            logger.notice("agent refused", metadata: ["address": "\(context.requestContext.remoteAddress)", "reason": "\(refusal.reason)"])
            _ = refusals.take(address, limit: settings.refusalsPerMinute, perSeconds: 60)
            await refuse(.unknown(refusal.code.rawValue), refusal.reason, inbound, outbound)
            return
        } catch {
            logger.error("could not admit an agent", metadata: ["error": "\(error)"])
            await refuse(.unexpectedServerError, "the server could not read its store; try again", inbound, outbound)
            return
        }
        let agent: Agent, needsCredential: Bool
        switch admission {
        case .pending(let pending): (agent, needsCredential) = (pending, false)
        case .approved(let approved, let needs): (agent, needsCredential) = (approved, needs)
        }
        let connection = AgentConnection(agent: agent, outbound: outbound, heartbeatSeconds: settings.heartbeatSeconds, logger: logger)
        let replaced = connections.withLock { $0.updateValue(connection, forKey: agent.id) }
        if let replaced { await replaced.close(.replaced, "a newer connection of this agent replaced this one") }
        connectedGauges[agent.status]?.increment()
        await connection.welcome()
        if needsCredential { await connection.issueCredential() }
        if agent.status == .approved {
            await cameOnline(agent)
            await reassign(connection)
        }
        if agent.status == .pending {
            logger.info("agent waiting for approval", metadata: ["agent": "\(agent.id)", "name": "\(agent.name)", "address": "\(agent.address)"])
        }

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.watch(connection) }
            await self.read(inbound, on: connection)
            group.cancelAll()
        }

        let wasApproved = await connection.isApproved
        let removed = connections.withLock { current in
            guard current[agent.id] === connection else { return false }
            current[agent.id] = nil
            return true
        }
        connectedGauges[wasApproved ? .approved : .pending]?.decrement()
        let last = await connection.agent
        if removed, wasApproved, let tenant = last.tenantID {
            events.publish(Event(tenantID: tenant, AgentWentOffline(agentID: last.id, name: last.name, lastSeenAt: await connection.lastHeard)))
        }
    }

    /// Reads frames until the connection ends.
    private func read(_ inbound: WebSocketInboundStream, on connection: AgentConnection) async {
        do {
            for try await message in inbound.messages(maxSize: 64 * 1024) {
                await connection.heard()
                guard case .text(let text) = message, let frame = AgentFrame.decode(text) else {
                    await connection.close(.badRequest, "frames are JSON text with a known type")
                    return
                }
                switch frame.type {
                case .heartbeat:
                    await heartbeat(frame.spoolDepth ?? 0, on: connection)
                case .credentialSaved:
                    if let hash = await connection.takeIssuedHash(), try await !service.keepCredential(hash: hash, of: connection.id) {
                        logger.warning("an issued credential could not be kept: the agent is no longer approved", metadata: ["agent": "\(connection.id)"])
                    }
                case .results:
                    guard await connection.isApproved, let epoch = frame.epoch, let results = frame.results else {
                        await connection.close(.badRequest, "results come from an approved agent, with an epoch")
                        return
                    }
                    let stored = try await intake.store(results, epoch: epoch, from: await connection.agent, assigned: await connection.assigned)
                    await connection.acknowledge(stored, epoch: epoch)
                case .welcome, .credential, .assign, .ack:
                    await connection.close(.badRequest, "'\(frame.type.rawValue)' is sent by the server, not an agent")
                    return
                }
            }
        } catch {
            logger.debug("agent connection ended", metadata: ["agent": "\(connection.id)", "error": "\(error)"])
        }
    }

    /// Records a heartbeat and acts on the record as stored now.
    private func heartbeat(_ spoolDepth: Int, on connection: AgentConnection) async {
        do {
            guard let current = try await service.heard(from: connection.id, spoolDepth: max(0, spoolDepth)) else {
                await connection.close(.revoked, "this agent no longer exists on the server")
                return
            }
            await apply(current, to: connection)
        } catch {
            logger.warning("could not record an agent's heartbeat", metadata: ["agent": "\(connection.id)", "error": "\(error)"])
        }
    }

    /// Closes a revoked agent's connection; completes a newly approved one's; sends new
    /// assignments when its labels changed.
    func apply(_ current: Agent, to connection: AgentConnection) async {
        if current.status == .revoked {
            await connection.close(.revoked, "this agent was rejected or revoked")
            return
        }
        let labelsChanged = await connection.agent.labels != current.labels
        if await connection.update(current) {
            connectedGauges[.pending]?.decrement()
            connectedGauges[.approved]?.increment()
            await cameOnline(current)
            await reassign(connection)
        } else if labelsChanged, current.status == .approved {
            await reassign(connection)
        }
    }

    private func cameOnline(_ agent: Agent) async {
        guard let tenant = agent.tenantID else { return }
        events.publish(Event(tenantID: tenant, AgentCameOnline(agentID: agent.id, name: agent.name)))
        try? await service.store.agents.seen(agent.id, at: Date(), spoolDepth: agent.spoolDepth)
    }

    /// Closes a connection that has sent nothing for `offlineAfterSeconds`.
    private func watch(_ connection: AgentConnection) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(min(settings.heartbeatSeconds, settings.offlineAfterSeconds / 3)))
            if Task.isCancelled { return }
            if await Date().timeIntervalSince(connection.lastHeard) > settings.offlineAfterSeconds {
                await connection.close(.badRequest, "no heartbeat for \(Int(settings.offlineAfterSeconds)) seconds")
                return
            }
        }
    }
}
