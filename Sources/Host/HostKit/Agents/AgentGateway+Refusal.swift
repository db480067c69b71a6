import Foundation
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

extension AgentGateway {
    /// How long a refused connection waits for the agent's answer to its close frame before
    /// the server closes the connection itself.
    static let refusalAnswerSeconds = 2.0

    /// Refuses an upgraded connection with `code` and `reason`, and keeps it open until the
    /// agent answers the close (or `refusalAnswerSeconds` pass).
    ///
    /// `outbound.close` would send the close frame and shut the socket's output at once; a
    /// WebSocket client still setting up its pipeline after the 101 response can miss both
    /// (seen with the NIO client under load: it sat in CLOSE-WAIT forever, a real agent as
    /// much as a test). Here the close frame goes out on its own, and the FIN only after the
    /// agent's answer; if no answer comes, the frame is sent again with the FIN, by which
    /// time any client has finished its upgrade.
    func refuse(_ code: WebSocketErrorCode, _ reason: String, _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async {
        var payload = ByteBuffer()
        payload.write(webSocketErrorCode: code)
        payload.writeString(reason)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)
        do {
            try await outbound.write(.custom(frame))
        } catch {
            return
        }
        let answered = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var frames = inbound.makeAsyncIterator()
                while (try? await frames.next()) != nil {}
                return !Task.isCancelled
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(Self.refusalAnswerSeconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !answered { try? await outbound.close(code, reason: reason) }
    }
}
