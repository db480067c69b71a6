import NIOCore

/// Turns a channel's bytes into SMTP replies on a stream; an error or the end of the
/// connection ends the stream.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = SMTPReplyParser()
    private let replies: AsyncThrowingStream<SMTPReply, any Error>.Continuation

    init(_ replies: AsyncThrowingStream<SMTPReply, any Error>.Continuation) { self.replies = replies }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard let bytes = buffer.readBytes(length: buffer.readableBytes) else { return }
        do {
            for reply in try parser.feed(bytes) { replies.yield(reply) }
        } catch {
            replies.finish(throwing: error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        replies.finish(throwing: SMTPProtocolError(message: "the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        replies.finish(throwing: error)
        context.close(promise: nil)
    }
}
