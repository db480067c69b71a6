import Foundation
import HTTPTypes
import HummingbirdWSClient
import Kernel
import Logging
import ServiceLifecycle
import Synchronization

/// The agent's link to its server: dials out (no inbound port, works behind NAT), presents
/// its UUID with the shared secret or its own credential, saves the credential it is issued,
/// hands the monitors it is assigned to its scheduler, delivers the outbox's results in
/// order (one batch in flight, dropped from the outbox once acknowledged), sends heartbeats
/// with the outbox's depth, and reconnects with capped exponential backoff and jitter
/// whenever the connection ends. The scheduler keeps running while the link is down.
final class AgentClient: Service, Sendable {
    /// What the agent says about itself.
    struct Profile: Sendable {
        var name: String
        var version: String
        var plugins: [String]
    }

    private let endpoint: AgentEndpoint
    private let identity: AgentIdentity
    private let profile: Profile
    private let secret: String?
    private let scheduler: AssignedMonitorScheduler
    /// The agent's probes, whose key seals the secrets of assigned monitors at rest.
    private let probes: ProbeDirectory
    private let outbox: AgentOutbox
    private let logger: Logger
    /// Seconds between heartbeats, as the server's welcome said.
    private let heartbeatSeconds = Mutex<Double>(15)
    /// The longest wait between connection attempts.
    static let maxBackoffSeconds = 30.0

    /// Results per `results` frame, at most.
    static let batchSize = 200

    init(endpoint: AgentEndpoint, identity: AgentIdentity, profile: Profile, secret: String?, scheduler: AssignedMonitorScheduler,
         probes: ProbeDirectory, outbox: AgentOutbox, logger: Logger) {
        self.scheduler = scheduler
        self.probes = probes
        self.outbox = outbox
        self.endpoint = endpoint
        self.identity = identity
        self.profile = profile
        self.secret = secret
        self.logger = logger
    }

    /// `monitors` as this agent keeps and runs them: the server sends their secrets opened
    /// (it alone can open its seal), and they are sealed again with the agent's own key
    /// before they are kept on disk, to be opened by its probes when they run.
    static func sealed(_ monitors: [Monitor], probes: ProbeDirectory) -> [Monitor] {
        monitors.map { monitor in
            var sealed = monitor
            sealed.config = (try? probes.sealSecrets(kind: monitor.kind, config: monitor.config, previous: nil)) ?? monitor.config
            return sealed
        }
    }

    /// Resumes the monitors of the last assignment kept in the data directory, so that an
    /// agent restarted while its server is unreachable keeps probing.
    func resumeLastAssignment() {
        guard let text = identity.assignment, let frame = AgentFrame.decode(text), frame.type == .assign else { return }
        scheduler.assign(frame.monitors ?? [], egress: frame.egress ?? .unrestricted)
        logger.info("resumed the last assignment", metadata: ["count": "\(frame.monitors?.count ?? 0)"])
    }

    /// Connects until graceful shutdown.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            var failures = 0
            while !Task.isCancelled {
                let welcomed = WelcomeFlag()
                do {
                    let close = try await WebSocketClient.connect(url: self.endpoint.url, configuration: self.configuration(),
                                                                  tlsConfiguration: self.endpoint.tls, logger: self.logger) { inbound, outbound, _ in
                        try await self.session(inbound, outbound, welcomed: welcomed)
                    }
                    self.report(close)
                } catch {
                    self.logger.warning("cannot reach the server", metadata: ["url": "\(self.endpoint.url)", "error": "\(error)"])
                }
                if Task.isCancelled { break }
                failures = welcomed.value.withLock { $0 } ? 0 : failures + 1
                let wait = Self.backoff(afterFailures: failures, unit: Double.random(in: 0..<1))
                try? await Task.sleep(for: .seconds(wait))
            }
        }
    }

    /// Seconds to wait before the next attempt: 1 s after a connection that was welcomed,
    /// then doubling per failure up to `maxBackoffSeconds`, ±20 %.
    static func backoff(afterFailures failures: Int, unit: Double) -> Double {
        let base = min(maxBackoffSeconds, pow(2, Double(min(failures, 10))))
        return base * (0.8 + 0.4 * unit)
    }

    private func configuration() -> WebSocketClientConfiguration {
        var headers = HTTPFields()
        func set(_ name: String, _ value: String) { if let field = HTTPField.Name(name) { headers[field] = value } }
        set(AgentHeaders.id, identity.id.description)
        set(AgentHeaders.name, profile.name)
        set(AgentHeaders.version, profile.version)
        set(AgentHeaders.plugins, profile.plugins.joined(separator: ","))
        if let secret { set(AgentHeaders.secret, secret) }
        if let credential = identity.credential { headers[.authorization] = "Bearer \(credential)" }
        return WebSocketClientConfiguration(maxFrameSize: 4 << 20, additionalHeaders: headers, autoPing: .enabled(timePeriod: .seconds(30)))
    }

    /// One connection: frames in; heartbeats and, once approved, results out.
    private func session(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, welcomed: WelcomeFlag) async throws {
        let (acks, acked) = AsyncStream<Int64>.makeStream()
        defer { acked.finish() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(self.heartbeatSeconds.withLock { $0 }))
                    try await outbound.write(.text(AgentFrame.heartbeat(spoolDepth: await self.outbox.depth).text))
                }
            }
            var delivering = false
            for try await message in inbound.messages(maxSize: 4 << 20) {
                guard case .text(let text) = message, let frame = AgentFrame.decode(text) else {
                    logger.warning("ignored a frame the agent does not understand")
                    continue
                }
                switch frame.type {
                case .welcome:
                    welcomed.value.withLock { $0 = true }
                    if let seconds = frame.heartbeatSeconds, seconds >= 0.2 { heartbeatSeconds.withLock { $0 = seconds } }
                    if frame.status == .pending {
                        logger.notice("connected; waiting for approval", metadata: ["agent": "\(identity.id)",
                                                                                    "approve with": "vantage agents approve \(identity.id) --tenant TENANT"])
                    } else {
                        logger.notice("connected and approved", metadata: ["agent": "\(identity.id)", "name": "\(frame.name ?? profile.name)"])
                        if !delivering {
                            delivering = true
                            group.addTask { try await self.deliver(outbound, acks: acks) }
                        }
                    }
                case .credential:
                    guard let credential = frame.credential, !credential.isEmpty else { continue }
                    try identity.save(credential: credential)
                    try await outbound.write(.text(AgentFrame.credentialSaved.text))
                    logger.notice("received and saved this agent's credential", metadata: ["agent": "\(identity.id)"])
                case .assign:
                    let monitors = Self.sealed(frame.monitors ?? [], probes: probes)
                    let egress = frame.egress ?? .unrestricted
                    scheduler.assign(monitors, egress: egress)
                    logger.info("assigned monitors", metadata: ["count": "\(monitors.count)"])
                    do {
                        try identity.save(assignment: AgentFrame.assign(monitors, egress: egress).text)
                    } catch {
                        logger.warning("could not keep the assignment for a restart", metadata: ["error": "\(error)"])
                    }
                case .ack:
                    guard frame.epoch == outbox.epoch, let sequence = frame.sequence else { continue }
                    try await outbox.acknowledge(sequence)
                    acked.yield(sequence)
                case .heartbeat, .credentialSaved, .results:
                    continue
                }
            }
            group.cancelAll()
        }
    }

    /// Sends the outbox's results in order, one batch at a time, each after the previous one
    /// was acknowledged; on a new connection it starts again from the oldest unacknowledged.
    private func deliver(_ outbound: WebSocketOutboundWriter, acks: AsyncStream<Int64>) async throws {
        var acknowledgements = acks.makeAsyncIterator()
        var sent: Int64 = 0
        while !Task.isCancelled {
            let batch = try await outbox.next(after: sent, limit: Self.batchSize)
            guard let last = batch.last?.sequence else {
                if Task.isCancelled { return }
                continue  // unreadable entries only: they were skipped
            }
            try await outbound.write(.text(AgentFrame.results(batch, epoch: outbox.epoch).text))
            sent = last
            while let acknowledged = await acknowledgements.next() {
                if acknowledged >= last { break }
            }
        }
    }

    /// Logs why the server closed the connection.
    private func report(_ close: WebSocketCloseFrame?) {
        guard let close else {
            logger.warning("the connection to the server ended")
            return
        }
        var metadata: Logger.Metadata = ["reason": "\(close.reason ?? "")"]
        switch close.closeCode {
        case .unknown(AgentCloseCode.unauthorized.rawValue):
            logger.error("the server refused this agent", metadata: metadata)
        case .unknown(AgentCloseCode.revoked.rawValue):
            logger.error("this agent was rejected or revoked; it stops its monitors", metadata: metadata)
            scheduler.assign([], egress: .unrestricted)
            identity.forgetAssignment()
        default:
            metadata["code"] = "\(close.closeCode)"
            logger.warning("the server closed the connection", metadata: metadata)
        }
    }
}

/// Whether a connection was welcomed by the server (then the backoff starts over).
final class WelcomeFlag: Sendable {
    let value = Mutex(false)
}
