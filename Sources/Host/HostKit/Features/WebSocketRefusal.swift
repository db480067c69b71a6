import Foundation
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// Closing an upgraded WebSocket with a code and a reason the peer can show, without losing
/// them: the agents' gateway refuses agents this way, the live stream refuses clients.
///
/// `outbound.close` would send the close frame and shut the socket's output at once; a
/// WebSocket client still setting up its pipeline after the 101 response can miss both
/// (seen with the NIO client under load: it sat in CLOSE-WAIT forever). Here the close frame
/// goes out on its own, and the FIN only after the peer's answer; if no answer comes within
/// `answerSeconds`, the frame is sent again with the FIN, by which time any client has
/// finished its upgrade.
enum WebSocketRefusal {
    /// Closes with `code` and `reason`, keeping the connection until the peer answers the
    /// close or `answerSeconds` pass.
    static func refuse(_ code: WebSocketErrorCode, _ reason: String, _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter,
                       answerSeconds: Double) async {
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
                try? await Task.sleep(for: .seconds(answerSeconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !answered { try? await outbound.close(code, reason: reason) }
    }
}
