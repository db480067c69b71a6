import Foundation
import Kernel
import Testing

/// The shell block of docs/push-logs-dashboard.md marked `<!-- run: PushDocsTests -->` runs
/// as a user would paste it, against `vantage serve`: every request succeeds, the push brings
/// the monitor's token into use, the log search finds the line, and the dashboard answers.
@Suite("docs/push-logs-dashboard.md runs", .serialized)
struct PushDocsTests {
    static func block() throws -> String {
        let text = try String(contentsOf: Executables.packageRoot.appendingPathComponent("docs/push-logs-dashboard.md"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let marker = lines.firstIndex(of: "<!-- run: PushDocsTests -->"), lines[marker + 1] == "```sh" else {
            throw Executables.Missing(description: "docs/push-logs-dashboard.md has no block marked <!-- run: PushDocsTests -->")
        }
        return lines[(marker + 2)...].prefix { $0 != "```" }.joined(separator: "\n")
    }

    @Test func theDocumentedRequestsWork() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-push-docs-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let serve = ServeTests(directory: directory)
        let server = try await serve.start(extraPlugins: #",{"plugin":"probe.push"}"#)
        defer { server.stop() }
        let token = try await serve.token(server, register: true)
        let script = "set -euo pipefail\n" + (try Self.block()).replacingOccurrences(of: "localhost:8080", with: "127.0.0.1:\(server.port)")
            .components(separatedBy: "\n").map { line in
                line.replacingOccurrences(of: "curl -s ", with: "curl -sS --fail-with-body ")
            }.joined(separator: "\n")
        let outcome = try await Executables.run("/bin/bash", ["-c", script], environment: ["A": "Authorization: Bearer \(token)"])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(outcome.stdout.contains(#""ok":true"#) && outcome.stdout.contains(#""accepted":2"#), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("snapshot of /var/lib/mysql skipped") && !outcome.stdout.contains(#""message":"backup of"#),
                "the search finds the warning only: \(outcome.stdout)")
        #expect(outcome.stdout.contains(#""monitors":{"#) && outcome.stdout.contains(#""items":["#), "\(outcome.stdout)")
    }
}
