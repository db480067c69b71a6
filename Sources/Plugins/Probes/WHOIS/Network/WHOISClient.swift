import Kernel
import NIOCore
import NIOPosix
import PacketSupport

/// Classic WHOIS (RFC 3912): connect to port 43, send the query and CRLF, read until the
/// server closes. Answers are capped in size and time.
struct WHOISClient: Sendable {
    var group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    var maxBytes: Int
    /// Addresses never contacted, checked after resolving (referrals included).
    var policy: TargetPolicy = .standard

    /// The server's answer as text (decoded as UTF-8, invalid bytes replaced).
    func query(_ query: String, server: WHOISServer, timeout: Double) async throws(ProbeFailure) -> String {
        let shown = server.description
        let limit = maxBytes
        let address = try await TargetResolver.resolve(server.host, family: .any, policy: policy)
        let loop = group.next()
        let answer = loop.makePromise(of: [UInt8].self)
        // Whatever path leaves this function, the promise is completed (a no-op once it is):
        // an abandoned promise is a crash in debug builds.
        defer { answer.fail(CollectingHandler.Failure.timedOut) }
        do {
            let channel: any Channel
            do {
                channel = try await withTaskCancellationHandler {
                    try await ClientBootstrap(group: loop)
                        .connectTimeout(.milliseconds(Int64(max(timeout, 0.01) * 1000)))
                        .channelInitializer { channel in
                            // A failed answer (deadline, cancellation) closes the channel, connecting or connected.
                            answer.futureResult.whenFailure { _ in channel.close(promise: nil) }
                            return channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandler(CollectingHandler(limit: limit, promise: answer))
                            }
                        }
                        .connect(host: "\(address)", port: server.port).get()
                } onCancel: {
                    answer.fail(CancellationError())
                }
            } catch {
                answer.fail(error)
                throw error
            }
            let deadline = loop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
                answer.fail(CollectingHandler.Failure.timedOut)
                channel.close(promise: nil)
            }
            defer { deadline.cancel() }
            try await channel.writeAndFlush(ByteBuffer(string: query + "\r\n")).get()
            let bytes = try await withTaskCancellationHandler {
                try await answer.futureResult.get()
            } onCancel: {
                answer.fail(CancellationError())
            }
            return String(decoding: bytes, as: UTF8.self)
        } catch CollectingHandler.Failure.tooLarge {
            throw ProbeFailure(code: "response_too_large", message: "\(shown) sent more than \(limit) bytes")
        } catch CollectingHandler.Failure.timedOut {
            throw ProbeFailure(code: "timeout", message: "\(shown) did not finish its answer within \(formatSeconds(timeout))")
        } catch let error as ChannelError {
            if case .connectTimeout = error {
                throw ProbeFailure(code: "timeout", message: "no connection to \(shown) within \(formatSeconds(timeout))")
            }
            throw ProbeFailure(code: "connect_error", message: "talking to \(shown) failed: \(error)")
        } catch let error as NIOConnectionError {
            let errors = error.connectionErrors.compactMap { $0.error as? IOError }
            let refused = !errors.isEmpty && errors.allSatisfy { $0.errnoCode == ECONNREFUSED }
            throw ProbeFailure(code: refused ? "refused" : "connect_error",
                               message: refused ? "\(shown) refused the connection" : "connecting to \(shown) failed: \(error)")
        } catch let error as IOError {
            let code = error.errnoCode == ECONNREFUSED ? "refused" : "connect_error"
            throw ProbeFailure(code: code, message: "connecting to \(shown) failed: \(error.description)")
        } catch {
            throw ProbeFailure(code: "connect_error", message: "talking to \(shown) failed: \(error)")
        }
    }
}

/// Collects every byte until the peer closes, up to a limit.
final class CollectingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    enum Failure: Error { case tooLarge, timedOut }

    private let limit: Int
    private let promise: EventLoopPromise<[UInt8]>
    private var bytes: [UInt8] = []
    private var done = false

    init(limit: Int, promise: EventLoopPromise<[UInt8]>) {
        self.limit = limit
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        guard !done else { return }
        bytes += buffer.readBytes(length: buffer.readableBytes) ?? []
        if bytes.count > limit {
            complete(.failure(Failure.tooLarge))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        complete(.success(bytes))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        complete(.failure(error))
        context.close(promise: nil)
    }

    private func complete(_ result: Result<[UInt8], any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }
}

/// A WHOIS server, `host` or `host:port` (43 by default), host names lower-cased.
public struct WHOISServer: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int

    /// Parses `HOST[:PORT]` or `[IPv6]:PORT`; throws `ValidationError` naming `field`.
    public init(parsing text: String, field: String) throws {
        let endpoint = try ServerEndpoint(parsing: text.lowercased(), field: field, defaultPort: 43, example: "whois.iana.org:43")
        host = endpoint.host
        port = Int(endpoint.port)
    }

    public var description: String { port == 43 ? host : ServerEndpoint(host: host, port: UInt16(port)).description }
}
