import NIOCore
import NIOWebSocket
import Synchronization

/// Writes several text frames to a WebSocket connection as one buffer with one flush.
///
/// Hummingbird's `WebSocketOutboundWriter` sends every frame through the whole pipeline and
/// flushes after each: at 1,000 clients and 200 events a second that is 200,000 event-loop
/// hops, 400,000 handler writes (the encoder writes a header and a payload) and as many
/// flushes a second, and it was most of the live stream's CPU. The frames queued for a
/// client while its previous write was under way are instead encoded here (RFC 6455, server
/// frames are not masked) into one buffer, which enters the pipeline at the
/// `WebSocketFrameEncoder`'s place and goes to the socket as one write. Frames written by
/// Hummingbird (pings, pongs, the close) go through the same event loop whole, so frames
/// never interleave mid-way. The server negotiates no WebSocket extension, so there is no
/// per-message transform to bypass.
enum WebSocketBatchWriter {
    /// Writes `texts` (UTF-8 JSON) as text frames, in order, and waits until they are written
    /// to the socket: a client that does not read holds its writer here, and its session's
    /// queue fills. Frames queued during the wait form the next batch. Cancelling the caller
    /// stops the wait.
    static func write(_ texts: [ByteBuffer], to channel: any Channel) async throws {
        guard !texts.isEmpty else { return }
        var bytes = channel.allocator.buffer(capacity: texts.reduce(0) { $0 + $1.readableBytes + 10 })
        for text in texts { appendTextFrame(text, to: &bytes) }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let encoded = bytes
        channel.eventLoop.execute {
            do {
                let encoder = try channel.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
                encoder.writeAndFlush(NIOAny(encoded), promise: promise)
            } catch {
                promise.fail(error)
            }
        }
        try await waitCancellably(promise.futureResult)
    }

    /// Appends one unmasked, final text frame holding `payload`: the opcode byte, then the
    /// length in 7 bits, or 126 and 16 bits, or 127 and 64 bits, then the payload.
    static func appendTextFrame(_ payload: ByteBuffer, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0x81))
        let length = payload.readableBytes
        switch length {
        case ..<126:
            buffer.writeInteger(UInt8(length))
        case ..<65_536:
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(length))
        default:
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(length))
        }
        var payload = payload
        buffer.writeBuffer(&payload)
    }

    /// Waits for `future`, or throws `CancellationError` as soon as the task is cancelled.
    private static func waitCancellably(_ future: EventLoopFuture<Void>) async throws {
        let waiting = Mutex<CheckedContinuation<Void, any Error>?>(nil)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiting.withLock { $0 = continuation }
                future.whenComplete { result in waiting.withLock { $0.take() }?.resume(with: result) }
                if Task.isCancelled { waiting.withLock { $0.take() }?.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            waiting.withLock { $0.take() }?.resume(throwing: CancellationError())
        }
    }
}
