import FixtureServers
import Foundation
import SSHSupport
import Testing

/// Host keys, time limits, the pool and hostile arguments, against a real OpenSSH server.
@Suite("SSH connections", .serialized)
struct SSHConnectionTests {
    @Test("a pinned key is required; a changed key names both fingerprints")
    func hostKeyPinning() async throws {
        let server = try await SSHDFixture.start()
        defer { Task { await server.stop() } }
        let original = try await server.hostFingerprint()
        let first = try await SSHConnection(endpoint: try server.ed25519(hostKey: .pinned(original))).run(SSHCommand(["true"]))
        #expect(first.hostKey?.fingerprint == original)
        try await server.rekey()
        let changed = try await server.hostFingerprint()
        #expect(changed != original)
        let error = await sshError { _ = try await SSHConnection(endpoint: try server.ed25519(hostKey: .pinned(original))).run(SSHCommand(["true"])) }
        #expect(error?.code == .hostKeyChanged)
        #expect(error?.presentedFingerprint == changed)
        #expect(error?.message.contains(original) == true && error?.message.contains(changed) == true)
        let accepted = try await SSHConnection(endpoint: try server.ed25519(hostKey: .pinned(changed))).run(SSHCommand(["true"]))
        #expect(accepted.exitStatus == 0)
    }

    @Test("a closed port fails at once with connect_failed")
    func unreachablePort() async throws {
        let port = Int(FreePort.both())
        let endpoint = SSHEndpoint(host: "127.0.0.1", port: port, username: "nobody", credentials: .password("x"))
        let started = ContinuousClock.now
        let error = await sshError { _ = try await SSHConnection(endpoint: endpoint, timeouts: SSHTimeouts(connect: 5)).run(SSHCommand(["true"])) }
        #expect(error?.code == .connectFailed)
        #expect(started.duration(to: .now) < .seconds(4))
    }

    @Test("a command that outlives its timeout is killed on the server, and the session stays usable")
    func commandTimeout() async throws {
        let server = try await SSHDFixture.shared()
        let marker = "37.\(Int.random(in: 100...999))"
        let connection = SSHConnection(endpoint: try server.ed25519())
        let started = ContinuousClock.now
        let error = await sshError { _ = try await connection.run(SSHCommand(["sleep", marker], timeout: 1)) }
        #expect(error?.code == .commandTimeout)
        #expect(started.duration(to: .now) < .seconds(6))
        var alive = true
        for _ in 0..<40 where alive {
            let (status, _) = try await FixturePaths.runDetached("/usr/bin/pgrep", ["-f", "sleep \(marker)"])
            alive = status == 0
            if alive { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!alive, "the remote sleep should have been killed")
        #expect(try await connection.run(SSHCommand(["echo", "still here"])).stdoutText == "still here\n")
    }

    @Test("arguments reach the program exactly, and nothing in them runs")
    func hostileArguments() async throws {
        let server = try await SSHDFixture.shared()
        let marker = "/tmp/vantage-ssh-marker-\(UUID().uuidString)"
        let hostile = ["1.1.1.1;touch \(marker)", "$(touch \(marker))", "`touch \(marker)`", "-oProxyCommand=touch \(marker)",
                       "a\ntouch \(marker)", "it's \"quoted\"", "'", "*", "&& touch \(marker) ||", ""]
        let output = try await SSHConnection(endpoint: try server.ed25519()).run(SSHCommand(["printf", "%s\\0"] + hostile))
        #expect(output.stdout.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) } == hostile)
        #expect(!FileManager.default.fileExists(atPath: marker))
        let nul = await sshError { _ = try await SSHConnection(endpoint: try server.ed25519()).run(SSHCommand(["echo", "a\u{0}b"])) }
        #expect(nul?.code == .invalidCommand)
    }

    @Test("the pool reuses one session per host for consecutive commands, and reconnects after one dies")
    func poolReuseAndReconnect() async throws {
        let server = try await SSHDFixture.start()
        defer { Task { await server.stop() } }
        let pool = SSHConnectionPool()
        let endpoint = try server.ed25519()
        for index in 0..<5 {
            #expect(try await pool.run(SSHCommand(["echo", "\(index)"]), on: endpoint, key: "host-1").stdoutText == "\(index)\n")
        }
        #expect(await server.logLines(containing: "Accepted publickey for vssh-ed25519", reaching: 1) == 1)
        // Kill the session's server process: the next command finds the session dead and
        // reconnects once.
        _ = await server.logLines(containing: "User child is on pid ", reaching: 1)
        let child = server.log().split(whereSeparator: \.isNewline).last { $0.contains("User child is on pid ") }.flatMap { $0.split(separator: " ").last.map(String.init) }
        let session = try #require(child)
        #expect(try await FixturePaths.runDetached("/bin/kill", ["-KILL", session]).status == 0)
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await pool.run(SSHCommand(["echo", "again"]), on: endpoint, key: "host-1").stdoutText == "again\n")
        #expect(await server.logLines(containing: "Accepted publickey for vssh-ed25519", reaching: 2) == 2)
        #expect(await pool.count == 1)
    }

    @Test("the host check reports the host key and mtr, or that mtr is missing")
    func hostCheck() async throws {
        let server = try await SSHDFixture.shared()
        let check = await SSHHostCheck.run(try server.ed25519())
        #expect(check.reachable && check.authenticated)
        #expect(check.hostKey?.fingerprint == (try await server.hostFingerprint()))
        #expect(check.mtrInstalled == true)
        let (_, local) = try await FixturePaths.runDetached("/usr/bin/mtr", ["--version"])
        #expect(check.mtrVersion == MTRVersion.parse(local))
        let missing = await SSHHostCheck.run(server.endpoint("vssh-nomtr", .privateKey(try server.privateKey("ed25519"), passphrase: nil)))
        #expect(missing.authenticated)
        #expect(missing.mtrInstalled == false)
        let refused = await SSHHostCheck.run(server.endpoint("vssh-password", .password("wrong")))
        #expect(refused.reachable && !refused.authenticated)
        #expect(refused.errorCode == "ssh_authentication_failed")
        let closed = await SSHHostCheck.run(SSHEndpoint(host: "127.0.0.1", port: Int(FreePort.both()), username: "x", credentials: .password("x")))
        #expect(!closed.reachable)
    }
}
