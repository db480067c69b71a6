import Foundation
import HTTPTypes
import HummingbirdWSClient
import Kernel
import Logging

/// A scripted agent connection for tests: connects to a test host's agent endpoint with the
/// given headers and runs `script` with the frames received and the writer, returning how
/// the server closed the connection.
enum AgentLink {
    /// The headers of an agent's upgrade request.
    static func headers(id: String, secret: String? = nil, credential: String? = nil, name: String = "edge-1",
                        version: String = "0.19.0", plugins: String = "tcp,icmp") -> [String: String] {
        var headers = ["X-Vantage-Agent-Id": id, "X-Vantage-Agent-Name": name, "X-Vantage-Agent-Version": version,
                       "X-Vantage-Agent-Plugins": plugins]
        if let secret { headers["X-Vantage-Agent-Secret"] = secret }
        if let credential { headers["Authorization"] = "Bearer \(credential)" }
        return headers
    }

    /// Frames as JSON objects, read one at a time.
    struct Frames {
        fileprivate var iterator: WebSocketInboundMessageStream.AsyncIterator

        /// The next text frame as a JSON object; nil once the connection has closed.
        mutating func next() async throws -> JSONValue? {
            guard let message = try await iterator.next() else { return nil }
            guard case .text(let text) = message else { return .string("binary frame") }
            return try JSONValue.parse(Data(text.utf8))
        }
    }

    /// Connects and runs `script`; returns the server's close frame.
    @discardableResult
    static func run(port: Int, headers: [String: String], path: String = "/api/v1/agents/connect",
                    script: @escaping @Sendable (inout Frames, WebSocketOutboundWriter) async throws -> Void = { frames, _ in
                        while try await frames.next() != nil {}
                    }) async throws -> WebSocketCloseFrame? {
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        var logger = Logger(label: "agent-link")
        logger.logLevel = .critical
        return try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)\(path)",
                                                 configuration: WebSocketClientConfiguration(maxFrameSize: 8 << 20, additionalHeaders: fields), logger: logger) { inbound, outbound, _ in
            var frames = Frames(iterator: inbound.messages(maxSize: 4 << 20).makeAsyncIterator())
            try await script(&frames, outbound)
        }
    }
}
