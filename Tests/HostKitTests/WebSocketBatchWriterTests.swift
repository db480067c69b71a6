@testable import HostKit
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

/// The live stream's batched frames, read back by SwiftNIO's own `WebSocketFrameDecoder`
/// (what a client library does): every length form of RFC 6455 (7-bit, 16-bit, 64-bit) and
/// their boundaries, in one buffer, in order.
@Suite("WebSocket batch encoding")
struct WebSocketBatchWriterTests {
    @Test func nioDecodesEveryLengthFormInOrder() throws {
        let lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000]
        let payloads = lengths.enumerated().map { index, length in
            String(repeating: Character(UnicodeScalar(UInt8(97 + index))), count: length)
        }
        var bytes = ByteBuffer()
        for payload in payloads { WebSocketBatchWriter.appendTextFrame(ByteBuffer(string: payload), to: &bytes) }

        let channel = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)))
        try channel.writeInbound(bytes)
        for payload in payloads {
            let frame = try #require(try channel.readInbound(as: WebSocketFrame.self))
            #expect(frame.fin)
            #expect(frame.opcode == .text)
            #expect(frame.maskKey == nil)
            #expect(frame.rsv1 == false && frame.rsv2 == false && frame.rsv3 == false)
            #expect(String(buffer: frame.unmaskedData) == payload, "length \(payload.utf8.count)")
        }
        #expect(try channel.readInbound(as: WebSocketFrame.self) == nil)
        _ = try channel.finish()
    }

    @Test func theHeaderUsesTheShortestLengthForm() {
        func header(_ length: Int) -> [UInt8] {
            var bytes = ByteBuffer()
            WebSocketBatchWriter.appendTextFrame(ByteBuffer(repeating: 0x20, count: length), to: &bytes)
            return Array(bytes.readableBytesView.prefix(min(10, bytes.readableBytes - length)))
        }
        #expect(header(125) == [0x81, 125])
        #expect(header(126) == [0x81, 126, 0x00, 126])
        #expect(header(65_535) == [0x81, 126, 0xFF, 0xFF])
        #expect(header(65_536) == [0x81, 127, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00])
    }
}
