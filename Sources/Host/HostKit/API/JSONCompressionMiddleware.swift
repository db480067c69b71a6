import Hummingbird
import NIOCore

/// Sends the API's larger JSON answers (and problems) gzip-compressed to clients that accept
/// it: a page of 100 monitors or of 1,000 connections shrinks to about a fifth. Only complete
/// answers of a known length from 1 KiB: event streams, exports and small answers go as they
/// are, and so does everything to a client that does not send `Accept-Encoding: gzip`.
struct JSONCompressionMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// Answers shorter than this go uncompressed (the gzip framing would eat the gain).
    static let minimumBytes = 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard request.method != .head, Gzip.isAccepted(by: request.headers[.acceptEncoding]), response.headers[.contentEncoding] == nil,
              let type = response.headers[.contentType], type.hasPrefix("application/json") || type.hasPrefix("application/problem+json"),
              let length = response.body.contentLength, length >= Self.minimumBytes else { return response }
        let collected = Collected()
        try await response.body.write(CollectingWriter(collected: collected))
        // Level 6 (zlib's default): most of the gain for a fraction of the best level's time.
        guard let compressed = Gzip.compress(Array(buffer: collected.buffer), level: 6), compressed.count < collected.buffer.readableBytes else {
            response.body = ResponseBody(byteBuffer: collected.buffer)
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = String(compressed.count)
        response.headers[values: .vary].append("Accept-Encoding")
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: compressed))
        return response
    }
}

/// The bytes a response body wrote.
private final class Collected {
    var buffer = ByteBuffer()
}

/// A body writer that keeps what is written.
private struct CollectingWriter: ResponseBodyWriter {
    let collected: Collected

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        collected.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
