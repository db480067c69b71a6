import AsyncHTTPClient
import Foundation
import Kernel
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends one notifier's payload over HTTP(S): what every HTTP notifier shares, so that each
/// of them (`notifier.webhook`, `notifier.slack`, ...) is only its payload.
///
/// - One `HTTPClient` for every notifier, its connections kept between deliveries.
/// - The URL's addresses are checked against the built-in egress rules and the tenant's
///   policy (`EgressPolicy.current`) before anything is sent.
/// - Redirects are not followed: a webhook that moved is an error naming where it went.
/// - The answer is classified: 2xx delivered; 408, 425, 429 and 5xx failed but worth another
///   attempt; other statuses refused for good (`NotificationFailure.retryable` false);
///   connection errors and timeouts worth another attempt.
/// - Every request carries `User-Agent: Vantage`, `X-Vantage-Alert-Id` (stable across
///   retries, so a receiver can drop duplicates) and `X-Vantage-Alert-Kind`.
public struct HTTPDelivery: Sendable {
    /// The shared client.
    public static let shared = HTTPDelivery()

    private let client: HTTPClient

    /// A delivery client with its own connection pool.
    public init() {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool = .init(idleTimeout: .seconds(60))
        configuration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    /// POSTs `body` to `url` for `alert` with `headers`, within `timeout` seconds; returns the
    /// receiver's status and the start of its answer, or throws `NotificationFailure`.
    public func post(_ url: String, body: [UInt8], contentType: String = "application/json", headers: [(String, String)] = [],
                     alert: Alert, timeout: Double) async throws -> DeliveryReceipt {
        let target = try HTTPDeliveryTarget(url)
        try await target.checkEgress()
        var request = HTTPClientRequest(url: target.url)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: "Vantage")
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "X-Vantage-Alert-Id", value: alert.id.uuidString.lowercased())
        request.headers.add(name: "X-Vantage-Alert-Kind", value: alert.kind.rawValue)
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        var answer: ByteBuffer
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            answer = try await response.body.collect(upTo: 64 * 1024)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw NotificationFailure("no answer from \(target.display) within \(timeout) s")
        } catch let error as NIOTooManyBytesError {
            throw NotificationFailure("the answer of \(target.display) was larger than 64 KiB: \(error)")
        } catch is CancellationError {
            throw NotificationFailure("the delivery to \(target.display) was cancelled")
        } catch {
            throw NotificationFailure("cannot deliver to \(target.display): \(Self.describe(error))")
        }
        let text = Self.excerpt(answer.readString(length: answer.readableBytes) ?? "")
        let status = Int(response.status.code)
        switch status {
        case 200..<300:
            return DeliveryReceipt(status: status, detail: text.isEmpty ? response.status.reasonPhrase : text)
        case 300..<400:
            let location = response.headers.first(name: "Location") ?? "elsewhere"
            throw NotificationFailure("\(target.display) answered \(status) and redirects to \(location); give the final URL", status: status, retryable: false)
        case 408, 425, 429, 500..<600:
            throw NotificationFailure("\(target.display) answered \(status)\(text.isEmpty ? "" : ": \(text)")", status: status)
        default:
            throw NotificationFailure("\(target.display) refused the alert with \(status)\(text.isEmpty ? "" : ": \(text)")", status: status, retryable: false)
        }
    }

    /// The start of an answer, on one line.
    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        if let error = error as? IOError { return error.description }
        return "\(error)"
    }
}
