import HummingbirdWebSocket
import NIOWebSocket

extension AgentGateway {
    /// How long a refused connection waits for the agent's answer to its close frame before
    /// the server closes the connection itself.
    static let refusalAnswerSeconds = 2.0

    /// Refuses an upgraded connection with `code` and `reason`, and keeps it open until the
    /// agent answers the close (or `refusalAnswerSeconds` pass): see `WebSocketRefusal`.
    func refuse(_ code: WebSocketErrorCode, _ reason: String, _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async {
        await WebSocketRefusal.refuse(code, reason, inbound, outbound, answerSeconds: Self.refusalAnswerSeconds)
    }
}
