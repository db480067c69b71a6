import Foundation

/// An NSD serving `Tests/Fixtures/dns/*.zone` on 127.0.0.1 for the life of the test process
/// (a watcher in `nsd-server.sh` stops it when the process exits).
public final class NSDFixture: Sendable {
    private static let starter = Starter()

    /// The one server every test of this process shares, started on first use.
    public static func shared() async throws -> NSDFixture { try await starter.fixture() }

    /// Starts the server once; callers arriving while it starts wait for the same start.
    private actor Starter {
        private var starting: Task<NSDFixture, any Error>?

        func fixture() async throws -> NSDFixture {
            if let starting { return try await starting.value }
            let task = Task { try await NSDFixture.start() }
            starting = task
            return try await task.value
        }
    }

    /// The port it serves UDP and TCP on.
    public let port: UInt16
    /// `127.0.0.1:PORT`.
    public var server: String { "127.0.0.1:\(port)" }

    private init(port: UInt16) { self.port = port }

    private static func start() async throws -> NSDFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-nsd-\(getpid())").path
        let script = FixturePaths.fixtures.appendingPathComponent("dns/nsd-server.sh").path
        var lastOutput = ""
        for _ in 0..<5 {
            let port = FreePort.both()
            do {
                let (status, output) = try await FixturePaths.runDetached("/bin/bash", [script, "start", directory, "\(port)", "\(getpid())"])
                if status == 0 { return NSDFixture(port: port) }
                lastOutput = output
            } catch {
                lastOutput = "\(error)"
            }
        }
        throw FixtureError(message: "could not start nsd (is the nsd package installed? scripts/install-deps.sh installs it): \(lastOutput)")
    }
}

/// A fixture server that could not start, with the reason.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(message: String) { self.message = message }

    public var description: String { message }
}
