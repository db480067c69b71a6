import Foundation

/// A private OpenSSH server (`Tests/Fixtures/ssh/sshd-server.sh`): its own host key, client
/// keys and configuration in a temporary directory, on a free port, with the test accounts
/// `vssh-ed25519`, `vssh-ecdsa`, `vssh-rsa`, `vssh-password` (password `fixture-pass`) and
/// `vssh-nomtr` (no `mtr` on its PATH). It stops when the test process exits, or on `stop()`.
public final class SSHDFixture: Sendable {
    private static let starter = Starter()

    /// The one server most tests share, started on first use. Tests that change the server
    /// (its host key) start their own with `start()`.
    public static func shared() async throws -> SSHDFixture { try await starter.fixture() }

    private actor Starter {
        private var starting: Task<SSHDFixture, any Error>?

        func fixture() async throws -> SSHDFixture {
            if let starting { return try await starting.value }
            let task = Task { try await SSHDFixture.start() }
            starting = task
            return try await task.value
        }
    }

    /// The server's directory: `keys/<name>` holds the client keys.
    public let directory: String
    /// The listening port.
    public let port: Int
    /// The listening address.
    public let address: String

    private init(directory: String, port: Int, address: String) {
        self.directory = directory
        self.port = port
        self.address = address
    }

    static let script = FixturePaths.fixtures.appendingPathComponent("ssh/sshd-server.sh").path

    /// Starts a server on `address` (inside network namespace `netns` when given).
    public static func start(address: String = "127.0.0.1", netns: String? = nil) async throws -> SSHDFixture {
        var lastOutput = ""
        for _ in 0..<5 {
            // A directory per attempt, for the reason NginxFixture gives.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-sshd-\(getpid())-\(UUID().uuidString.prefix(8))").path
            let port = Int(FreePort.both())
            let (status, output) = try await FixturePaths.runDetached("/bin/bash", [script, "start", directory, "\(getpid())", "\(port)", address] + (netns.map { [$0] } ?? []))
            if status == 0 { return SSHDFixture(directory: directory, port: port, address: address) }
            lastOutput = output
            _ = try? await FixturePaths.runDetached("/bin/bash", [script, "stop", directory])
        }
        throw FixtureError(message: "could not start sshd (scripts/install-deps.sh --tests installs openssh-server; the script needs root for the test accounts): \(lastOutput)")
    }

    /// Stops this server and starts another on the same address and port with the same host
    /// and client keys once `whileDown` returns: a host that went away and came back, as its
    /// clients see it.
    public func restarted(whileDown: () async throws -> Void = {}) async throws -> SSHDFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-sshd-\(getpid())-\(UUID().uuidString.prefix(8))").path
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["host_ed25519", "host_ed25519.pub", "keys"] {
            try files.copyItem(atPath: self.directory + "/" + name, toPath: directory + "/" + name)
        }
        await stop()
        try await whileDown()
        var lastOutput = ""
        for _ in 0..<20 {
            let (status, output) = try await FixturePaths.runDetached("/bin/bash", [Self.script, "start", directory, "\(getpid())", "\(port)", address])
            if status == 0 { return SSHDFixture(directory: directory, port: port, address: address) }
            lastOutput = output
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError(message: "could not start sshd again on port \(port): \(lastOutput)")
    }

    /// The text of a client key: `ed25519`, `ecdsa`, `rsa`, `ed25519-pass` (passphrase
    /// `fixture-phrase`) or `other` (authorised for nobody).
    public func privateKey(_ name: String) throws -> String {
        try String(contentsOfFile: keyPath(name), encoding: .utf8)
    }

    /// The path of a client key.
    public func keyPath(_ name: String) -> String { directory + "/keys/" + name }

    /// The host key's fingerprint as `ssh-keygen -l` prints it (`SHA256:…`).
    public func hostFingerprint() async throws -> String {
        let (status, output) = try await FixturePaths.runDetached("/usr/bin/ssh-keygen", ["-l", "-f", directory + "/host_ed25519.pub"])
        let fields = output.split(separator: " ")
        guard status == 0, fields.count > 1 else { throw FixtureError(message: "ssh-keygen -l failed: \(output)") }
        return String(fields[1])
    }

    /// Gives the server a new host key.
    public func rekey() async throws {
        let (status, output) = try await FixturePaths.runDetached("/bin/bash", [Self.script, "rekey", directory])
        guard status == 0 else { throw FixtureError(message: "sshd rekey failed: \(output)") }
    }

    /// The server's log so far (one line per connection, authentication and command).
    public func log() -> String {
        (try? String(contentsOfFile: directory + "/sshd.log", encoding: .utf8)) ?? ""
    }

    /// Stops the server.
    public func stop() async {
        _ = try? await FixturePaths.runDetached("/bin/bash", [Self.script, "stop", directory])
    }

    /// Lines of the server's log containing `text`, once there are `count` of them or a
    /// second has passed (sshd writes its log asynchronously to the client).
    public func logLines(containing text: String, reaching count: Int) async -> Int {
        for _ in 0..<20 {
            if logLines(containing: text) >= count { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return logLines(containing: text)
    }

    /// Lines of the server's log containing `text`. (sshd -e ends its lines with CRLF, one
    /// `Character` in Swift: split on every newline.)
    public func logLines(containing text: String) -> Int {
        log().split(whereSeparator: \.isNewline).filter { $0.contains(text) }.count
    }
}
