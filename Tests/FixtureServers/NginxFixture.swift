import Foundation

/// An nginx serving `Tests/Fixtures/web/routes.conf` on 127.0.0.1 for the life of the test
/// process: plain HTTP, and HTTPS with each certificate of the local CA chain
/// (`make-certs.sh`) on its own port. `nginx-server.sh` stops it when the process exits.
public final class NginxFixture: Sendable {
    private static let starter = Starter()

    /// The one server every test of this process shares, started on first use.
    public static func shared() async throws -> NginxFixture { try await starter.fixture() }

    private actor Starter {
        private var starting: Task<NginxFixture, any Error>?

        func fixture() async throws -> NginxFixture {
            if let starting { return try await starting.value }
            let task = Task { try await NginxFixture.start() }
            starting = task
            return try await task.value
        }
    }

    /// The HTTPS servers, by the certificate they present.
    public enum Certificate: Int, CaseIterable, Sendable {
        case valid = 1, expiring, expired, notYetValid, wrongHost, selfSigned, missingIntermediate
    }

    /// The directory holding `certs/root.pem` and the rest.
    public let directory: String
    private let ports: [UInt16]

    private init(directory: String, ports: [UInt16]) {
        self.directory = directory
        self.ports = ports
    }

    /// The plain HTTP port.
    public var httpPort: UInt16 { ports[0] }
    /// The HTTPS port presenting `certificate`.
    public func port(_ certificate: Certificate) -> UInt16 { ports[certificate.rawValue] }
    /// `http://127.0.0.1:PORT` + `path`.
    public func http(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }
    /// `https://localhost:PORT` + `path` on the server presenting `certificate`.
    public func https(_ path: String, _ certificate: Certificate = .valid) -> String { "https://localhost:\(port(certificate))\(path)" }
    /// The test root CA, the trust anchor for the chain.
    public var rootCA: String { directory + "/certs/root.pem" }

    private static func start() async throws -> NginxFixture {
        let script = FixturePaths.fixtures.appendingPathComponent("web/nginx-server.sh").path
        var lastOutput = ""
        for attempt in 0..<5 {
            // A directory per attempt: the watcher an attempt leaves behind (nginx-server.sh's
            // stop_when_gone) stops whatever matches its directory once its own nginx is
            // stopped, and with one directory for every attempt it stopped the next attempt's
            // nginx and deleted its certificates (a clean-clone CI on a busy machine, where a
            // first attempt took longer than the script waits).
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-nginx-\(getpid())-\(attempt)").path
            var ports: [UInt16] = []
            while ports.count < 8 {
                let port = FreePort.both()
                if !ports.contains(port) { ports.append(port) }
            }
            do {
                let (status, output) = try await FixturePaths.runDetached("/bin/bash", [script, "start", directory, "\(getpid())"] + ports.map { "\($0)" })
                if status == 0 { return NginxFixture(directory: directory, ports: ports) }
                lastOutput = output
                _ = try? await FixturePaths.runDetached("/bin/bash", [script, "stop", directory])
            } catch {
                lastOutput = "\(error)"
            }
        }
        throw FixtureError(message: "could not start nginx (scripts/install-deps.sh installs nginx-light and libnginx-mod-http-echo): \(lastOutput)")
    }
}
