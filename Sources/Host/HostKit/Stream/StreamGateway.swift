import CoreMetrics
import Foundation
import HummingbirdWebSocket
import Kernel
import Logging
import NIOCore
import NIOWebSocket

/// Serves one live-stream client (`GET /api/v1/ws`): authenticates the upgrade as the API
/// authenticates requests (`Authorization: Bearer`, `X-API-Key`, and the browser's session
/// cookie once there is one), scopes it to one tenant (`X-Tenant-Id` or `?tenantId=`), then
/// answers its subscriptions, sends bootstraps, events and periodic statistics. A client that
/// falls `clientQueueFrames` behind is closed with 4008 and its connection shut.
struct StreamGateway: Sendable {
    /// Close codes of the live stream.
    enum CloseCode: UInt16 {
        case badRequest = 4400
        case unauthorized = 4401
        case forbidden = 4403
        case tooSlow = 4008
        case full = 4503
    }

    let hub: StreamHub
    let settings: StreamSettings
    let authenticators: [any Authenticator]
    let tenants: TenantResolver
    let store: any Store
    let logger: Logger
    let dropped: Counter

    func serve(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ context: WebSocketRouterContext<WebSocketUpgradeContext>) async {
        let access: Access
        do {
            access = try await authenticate(context)
        } catch let refusal as StreamRefusal {
            await WebSocketRefusal.refuse(.unknown(refusal.code.rawValue), refusal.reason, inbound, outbound, answerSeconds: 2)
            return
        } catch {
            await WebSocketRefusal.refuse(.unexpectedServerError, "the server could not read its store; try again", inbound, outbound, answerSeconds: 2)
            return
        }
        let (overflows, overflowed) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let session = StreamSession(tenant: access.tenant, limit: settings.clientQueueFrames) { overflowed.yield() }
        guard hub.register(session, limit: settings.maxClients) else {
            await WebSocketRefusal.refuse(.unknown(CloseCode.full.rawValue), "the server streams to \(settings.maxClients) clients already (stream.maxClients); try again later",
                                          inbound, outbound, answerSeconds: 2)
            return
        }
        session.enqueue(StreamFrame.text(Welcome(tenant: access.tenant, topics: StreamTopic.allCases, statsEmitIntervalSeconds: settings.statsEmitIntervalSeconds,
                                                 bootstrapLimit: settings.connectionsBootstrapLimit, queueFrames: settings.clientQueueFrames)) ?? "{}")
        let tooSlow = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.read(inbound, session); return false }
            group.addTask { await self.write(session, to: context.requestContext.channel); return false }
            group.addTask { await self.emitStats(session); return false }
            group.addTask {
                for await _ in overflows { return true }
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        session.finish()
        hub.unregister(session)
        if tooSlow {
            dropped.increment()
            logger.notice("a live-stream client fell behind and was dropped",
                          metadata: ["tenant": "\(access.tenant)", "address": "\(context.requestContext.remoteAddress)"])
            await drop(outbound, channel: context.requestContext.channel)
        }
    }

    /// The caller's access in the tenant the upgrade names, from the upgrade's headers.
    private func authenticate(_ context: WebSocketRouterContext<WebSocketUpgradeContext>) async throws -> Access {
        // The browser's session cookie counts, from the server's own origin only.
        let headers: [String: String]
        do {
            headers = try BrowserSession.authenticationHeaders(context.request)
        } catch let problem as Problem {
            throw StreamRefusal(code: .forbidden, reason: problem.detail)
        }
        let request = AuthRequest(headers: headers, remoteAddress: context.requestContext.remoteAddress)
        for authenticator in authenticators {
            let principal: Principal?
            do {
                principal = try await authenticator.authenticate(request)
            } catch is AuthenticationFailure {
                throw StreamRefusal(code: .unauthorized, reason: "the credentials are not valid")
            }
            guard let principal else { continue }
            let named = headers["x-tenant-id"] ?? context.request.uri.queryParameters.get("tenantId")
            do {
                return try await tenants.access(principal, tenant: named, .read)
            } catch let problem as Problem {
                throw StreamRefusal(code: .forbidden, reason: problem.detail)
            }
        }
        throw StreamRefusal(code: .unauthorized, reason: "authentication required: send Authorization: Bearer <token> or X-API-Key: <key> with the upgrade")
    }

    /// Writes the session's frames as they come, those queued meanwhile in one flush.
    private func write(_ session: StreamSession, to channel: any Channel) async {
        for await _ in session.wakeups {
            let batch = session.drain()
            do {
                try await WebSocketBatchWriter.write(batch, to: channel)
            } catch {
                return
            }
            session.sent(batch.count)
        }
    }

    /// Queues a statistics frame every `statsEmitIntervalSeconds`.
    private func emitStats(_ session: StreamSession) async {
        while (try? await Task.sleep(for: .seconds(settings.statsEmitIntervalSeconds))) != nil {
            let sent = session.takeSentCount()
            let stats = Stats(at: Date(), intervalSeconds: settings.statsEmitIntervalSeconds, framesSent: sent,
                              framesPerSecond: Double(sent) / settings.statsEmitIntervalSeconds, topics: session.topics.sorted { $0.rawValue < $1.rawValue },
                              clients: hub.clientCount(of: session.tenant))
            if let frame = StreamFrame.text(stats) { session.enqueue(frame) }
        }
    }

    /// Closes a client that stopped reading: the close frame if it still fits, then the
    /// connection itself, which a write to that client would wait on forever.
    private func drop(_ outbound: WebSocketOutboundWriter, channel: any Channel) async {
        let reason = "too slow: more than \(settings.clientQueueFrames) frames waited for this client (stream.clientQueueFrames)"
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await outbound.close(.unknown(CloseCode.tooSlow.rawValue), reason: reason) }
            group.addTask { try? await Task.sleep(for: .seconds(1)) }
            await group.next()
            group.cancelAll()
        }
        try? await channel.close()
    }
}

/// Why a client is refused, with its close code.
struct StreamRefusal: Error {
    var code: StreamGateway.CloseCode
    var reason: String
}

/// The first frame a client receives.
private struct Welcome: Encodable {
    let type = "welcome"
    let tenant: TenantID
    let topics: [StreamTopic]
    let statsEmitIntervalSeconds: Double
    let bootstrapLimit: Int
    let queueFrames: Int
}

/// The periodic statistics frame.
private struct Stats: Encodable {
    let type = "stats"
    let at: Date
    let intervalSeconds: Double
    let framesSent: Int
    let framesPerSecond: Double
    let topics: [StreamTopic]
    let clients: Int
}
