import Foundation

/// A webhook receiver (`Tests/Fixtures/web/webhook_receiver.py`) on 127.0.0.1: it verifies
/// signatures, fails a chosen number of attempts, never answers or answers a given status,
/// by path, and logs every request it gets. It exits with the test process.
public struct WebhookReceiverFixture: Sendable {
    /// Its port.
    public let port: UInt16
    /// The file it logs requests to, one JSON object per line.
    public let log: String

    /// `http://127.0.0.1:PORT` + `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// One logged request.
    public struct Request: Sendable, Decodable {
        /// When it was received (epoch seconds).
        public var received: Double
        /// The request path.
        public var path: String
        /// Its headers, names in lower case.
        public var headers: [String: String]
        /// Its body as text.
        public var body: String
        /// The status answered (0: none).
        public var status: Int

        /// The body parsed as a JSON object.
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    /// Starts a receiver.
    public static func start() async throws -> WebhookReceiverFixture {
        let script = FixturePaths.fixtures.appendingPathComponent("web/webhook_receiver.py").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-webhook-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let output = directory + "/stdout", log = directory + "/requests.jsonl"
        try FixturePaths.spawn("/usr/bin/env", ["python3", script, "--log", log, "--watch", "\(getpid())"], output: output)
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: output, encoding: .utf8),
               let line = text.split(separator: "\n").first, let port = UInt16(line.trimmingCharacters(in: .whitespaces)) {
                return WebhookReceiverFixture(port: port, log: log)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError(message: "the webhook receiver did not start: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
    }

    /// Every request received so far, in order.
    public func requests() -> [Request] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// The requests to paths starting with `prefix`.
    public func requests(to prefix: String) -> [Request] { requests().filter { $0.path.hasPrefix(prefix) } }
}
