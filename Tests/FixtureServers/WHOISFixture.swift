import Foundation

/// The WHOIS and RDAP servers of `Tests/Fixtures/whois/servers.py` for the life of the test
/// process: a registry and a registrar WHOIS server forming a referral chain, and an HTTP
/// server with RDAP answers and bootstrap files.
public final class WHOISFixture: Sendable {
    private static let starter = Starter()

    /// The servers every test of this process shares, started on first use.
    public static func shared() async throws -> WHOISFixture { try await starter.fixture() }

    private actor Starter {
        private var starting: Task<WHOISFixture, any Error>?

        func fixture() async throws -> WHOISFixture {
            if let starting { return try await starting.value }
            let task = Task { try await WHOISFixture.start() }
            starting = task
            return try await task.value
        }
    }

    /// `127.0.0.1:PORT` of the registry WHOIS server.
    public let registry: String
    /// `127.0.0.1:PORT` of the registrar WHOIS server.
    public let registrar: String
    /// `http://127.0.0.1:PORT`, the RDAP server.
    public let rdapBase: String

    private init(ports: [String: Int]) {
        registry = "127.0.0.1:\(ports["registry"] ?? 0)"
        registrar = "127.0.0.1:\(ports["registrar"] ?? 0)"
        rdapBase = "http://127.0.0.1:\(ports["rdap"] ?? 0)"
    }

    private static func start() async throws -> WHOISFixture {
        let script = FixturePaths.fixtures.appendingPathComponent("whois/servers.py").path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-whois-\(getpid()).log").path
        try FixturePaths.spawn("/usr/bin/env", ["python3", script, "\(getpid())"], output: log)
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: log, encoding: .utf8), let line = text.split(separator: "\n").first,
               let ports = try? JSONDecoder().decode([String: Int].self, from: Data(line.utf8)) {
                return WHOISFixture(ports: ports)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw FixtureError(message: "the WHOIS fixture servers did not start (python3 needed): \(output)")
    }
}
