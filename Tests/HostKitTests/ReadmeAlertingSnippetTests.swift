import Foundation
import Testing

/// The README's alerting commands are the API's: every `curl … -d '{…}'` to the channels,
/// rules and maintenance endpoints is sent, body as printed (the channel's id put in for
/// `CHANNEL_ID`), to a real server, which accepts it. Nothing is delivered: creating a
/// channel sends nothing.
@Suite("README alerting snippet")
struct ReadmeAlertingSnippetTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md").standardized

    /// Each command of the README's shell blocks, continuation lines joined, that posts a
    /// body to `endpoints`: its path and body.
    static func commands(to endpoints: [String]) throws -> [(path: String, body: String)] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let joined = text.replacingOccurrences(of: "\\\n", with: " ")
        return joined.components(separatedBy: "\n").compactMap { line -> (String, String)? in
            guard line.hasPrefix("curl"), let start = line.range(of: "localhost:8080") else { return nil }
            let path = String(line[start.upperBound...].prefix { !$0.isWhitespace && $0 != "'" })
            guard endpoints.contains(path), let body = line.range(of: "-d '") else { return nil }
            return (path, String(line[body.upperBound...].prefix { $0 != "'" }))
        }
    }

    @Test func everyAlertingBodyInTheReadmeIsAccepted() async throws {
        let commands = try Self.commands(to: ["/api/v1/notifications/channels", "/api/v1/alert-rules", "/api/v1/maintenance"])
        #expect(Set(commands.map(\.path)).count == 3, "the README shows a channel, a rule and a window: \(commands.map(\.path))")
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        var channelID = "CHANNEL_ID"
        for command in commands {
            let reply = try await host.request(.POST, command.path, body: command.body.replacingOccurrences(of: "CHANNEL_ID", with: channelID))
            #expect(reply.status == 201, "\(command.path) \(command.body): \(reply.body)")
            if command.path.hasSuffix("/channels"), let id = reply.string("id") { channelID = id }
        }
        let rules = try await host.request(.GET, "/api/v1/alert-rules")
        #expect(rules.value("items.0.triggers")?.arrayValue?.isEmpty == false)
    }

    /// The README's monitors with a loopback target (the others would send traffic away from
    /// this machine) are accepted as printed, tags included, which the rule above selects by.
    @Test func theReadmesLoopbackMonitorIsAcceptedWithItsTags() async throws {
        let monitors = try Self.commands(to: ["/api/v1/monitors"]).filter { $0.body.contains(#""target":"127.0.0.1:"#) }
        #expect(!monitors.isEmpty)
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        for command in monitors {
            let reply = try await host.request(.POST, command.path, body: command.body)
            #expect(reply.status == 201, "\(command.body): \(reply.body)")
            #expect(reply.value("tags")?.arrayValue?.isEmpty == false, "the README shows a tagged monitor")
        }
    }

    /// The README's monitors located on agents only (the servers never probe them, so no
    /// traffic leaves this machine) are accepted as printed, locations included.
    @Test func theReadmesAgentMonitorIsAcceptedWithItsLocations() async throws {
        let monitors = try Self.commands(to: ["/api/v1/monitors"]).filter { $0.body.contains(#""locations""#) && !$0.body.contains(#""server""#) }
        #expect(!monitors.isEmpty, "the README shows a monitor located on agents")
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        for command in monitors {
            let reply = try await host.request(.POST, command.path, body: command.body)
            #expect(reply.status == 201, "\(command.body): \(reply.body)")
            #expect(reply.value("locations") == .array([.string("eu")]))
            #expect(reply.value("locationQuorum") == .number(2))
        }
    }
}
