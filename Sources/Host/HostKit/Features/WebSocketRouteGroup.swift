import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of WebSocket upgrades: Hummingbird's, plus the peer's address.
/// Upgrades do not pass the API's middleware (authentication, rate limits): each WebSocket
/// route authenticates its own peers.
public struct WebSocketUpgradeContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// The peer's address, as the socket reports it ("198.51.100.7", "::1"); empty if unknown.
    public let remoteAddress: String
    /// The connection, for closing it outright: a peer that stops reading never takes a close
    /// frame, and a write to it waits forever (the live stream drops such clients).
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? ""
        channel = source.channel
    }
}

/// WebSocket routes a host feature serves on the API's port (`/api/v1/agents/connect`).
/// A feature that has them also registers plain HTTP routes on the same paths, which answer
/// requests that are not upgrades (and upgrades the WebSocket route declined) with a problem.
public protocol WebSocketRouteGroup: Sendable {
    /// Adds the group's WebSocket routes to `router`.
    func register(on router: Router<WebSocketUpgradeContext>)
}
