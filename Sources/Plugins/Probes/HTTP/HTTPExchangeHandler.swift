import NIOCore
import NIOHTTP1
import NIOSSL
import NIOTLS

/// The response of one request and when each part of it happened (uptime nanoseconds).
struct HTTPExchangeRecord: Sendable {
    /// When the pipeline was built, just before the connect starts: the connect phase is
    /// measured from here, so one-time set-up work does not count as network time.
    var setupAt: UInt64 = 0
    var connectedAt: UInt64 = 0
    var secureAt: UInt64?
    var headAt: UInt64 = 0
    var endAt: UInt64 = 0
    var head: HTTPResponseHead?
    var body: [UInt8] = []
    var bodyBytes = 0
    var truncated = false
    var tlsVersion: String?
}

/// Sends one request once the connection (and TLS) is ready and collects the response, at
/// most `maxBodyBytes` of body: the connection is closed once that much has arrived.
final class HTTPExchangeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let head: HTTPRequestHead
    private let body: [UInt8]?
    private let secure: Bool
    private let maxBodyBytes: Int
    private let promise: EventLoopPromise<HTTPExchangeRecord>
    private var record = HTTPExchangeRecord()
    private var sent = false
    private var done = false

    init(head: HTTPRequestHead, body: [UInt8]?, secure: Bool, maxBodyBytes: Int, promise: EventLoopPromise<HTTPExchangeRecord>) {
        self.head = head
        self.body = body
        self.secure = secure
        self.maxBodyBytes = maxBodyBytes
        self.promise = promise
    }

    func handlerAdded(context: ChannelHandlerContext) {
        record.setupAt = DispatchTimeNow.nanoseconds
    }

    func channelActive(context: ChannelHandlerContext) {
        record.connectedAt = DispatchTimeNow.nanoseconds
        if !secure { send(context) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            record.secureAt = DispatchTimeNow.nanoseconds
            if let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self) {
                record.tlsVersion = handler.tlsVersion.map(Self.versionName)
            }
            send(context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func send(_ context: ChannelHandlerContext) {
        guard !sent else { return }
        sent = true
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body, !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            record.headAt = DispatchTimeNow.nanoseconds
            record.head = responseHead
        case .body(var buffer):
            record.bodyBytes += buffer.readableBytes
            let room = maxBodyBytes - record.body.count
            if room > 0, let bytes = buffer.readBytes(length: min(room, buffer.readableBytes)) { record.body += bytes }
            if record.bodyBytes > maxBodyBytes {
                record.truncated = true
                finish(context)
            }
        case .end:
            finish(context)
        }
    }

    private func finish(_ context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        record.endAt = DispatchTimeNow.nanoseconds
        promise.succeed(record)
        context.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !done else { return }
        done = true
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            done = true
            promise.fail(HTTPExchangeError.closedEarly(afterHead: record.head != nil))
        }
        context.fireChannelInactive()
    }

    static func versionName(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: "TLSv1"
        case .tlsv11: "TLSv1.1"
        case .tlsv12: "TLSv1.2"
        case .tlsv13: "TLSv1.3"
        @unknown default: "\(version)"
        }
    }
}

/// Failures the exchange itself detects.
enum HTTPExchangeError: Error {
    case closedEarly(afterHead: Bool)
}

/// The monotonic clock NIO uses, in nanoseconds.
enum DispatchTimeNow {
    static var nanoseconds: UInt64 { NIODeadline.now().uptimeNanoseconds }
}
