import Foundation
import Kernel
import Testing

/// The shell block of docs/ingestion.md marked `<!-- run: IngestDocsTests -->` runs as a user
/// would paste it, against `vantage serve` on a loopback port: every request succeeds and the
/// batches it pushes are there.
@Suite("docs/ingestion.md runs", .serialized)
struct IngestDocsTests {
    static func block() throws -> String {
        let text = try String(contentsOf: Executables.packageRoot.appendingPathComponent("docs/ingestion.md"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let marker = lines.firstIndex(of: "<!-- run: IngestDocsTests -->"), lines[marker + 1] == "```sh" else {
            throw Executables.Missing(description: "docs/ingestion.md has no block marked <!-- run: IngestDocsTests -->")
        }
        return lines[(marker + 2)...].prefix { $0 != "```" }.joined(separator: "\n")
    }

    @Test func theDocumentedRequestsWork() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-ingest-docs-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let serve = ServeTests(directory: directory)
        let server = try await serve.start(extraPlugins: #",{"plugin":"auth.api_key"}"#)
        defer { server.stop() }
        let token = try await serve.token(server, register: true)
        let script = "set -euo pipefail\n" + (try Self.block()).replacingOccurrences(of: "localhost:8080", with: "127.0.0.1:\(server.port)")
            .components(separatedBy: "\n").map { line in
                // Each curl fails the script on an HTTP error, as a reader would notice one.
                line.hasPrefix("curl -s") ? line.replacingOccurrences(of: "curl -s", with: "curl -sS --fail-with-body") : line
            }.joined(separator: "\n")
        let outcome = try await Executables.run("/bin/bash", ["-c", script], environment: ["A": "Authorization: Bearer \(token)"])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains(#""accepted":1"#) && outcome.stdout.contains(#""accepted":2"#), "\(outcome.stdout)")
        let stored = try await server.request("GET", "/api/v1/connections", token: token)
        #expect(stored.body.contains(#""address":"93.184.215.14""#), "\(stored.body)")
    }
}
