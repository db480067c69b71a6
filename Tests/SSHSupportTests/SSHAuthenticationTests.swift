import FixtureServers
import Foundation
import SSHSupport
import Testing

/// Every way of authenticating, against a real OpenSSH server.
@Suite("SSH authentication", .serialized)
struct SSHAuthenticationTests {
    @Test("an ed25519 key runs a command, and the host key is the one ssh-keygen shows")
    func ed25519Key() async throws {
        let server = try await SSHDFixture.shared()
        let output = try await SSHConnection(endpoint: try server.ed25519()).run(SSHCommand(["id", "-un"]))
        #expect(output.exitStatus == 0)
        #expect(output.stdoutText == "vssh-ed25519\n")
        #expect(output.hostKey?.fingerprint == (try await server.hostFingerprint()))
        #expect(output.hostKey?.algorithm == "ssh-ed25519")
    }

    @Test("an ECDSA key")
    func ecdsaKey() async throws {
        let server = try await SSHDFixture.shared()
        let endpoint = server.endpoint("vssh-ecdsa", .privateKey(try server.privateKey("ecdsa"), passphrase: nil))
        let output = try await SSHConnection(endpoint: endpoint).run(SSHCommand(["id", "-un"]))
        #expect(output.stdoutText == "vssh-ecdsa\n")
    }

    @Test("a password")
    func password() async throws {
        let server = try await SSHDFixture.shared()
        let endpoint = server.endpoint("vssh-password", .password("fixture-pass"))
        let output = try await SSHConnection(endpoint: endpoint).run(SSHCommand(["id", "-un"]))
        #expect(output.stdoutText == "vssh-password\n")
    }

    @Test("a key with a passphrase: given, missing and wrong")
    func passphrase() async throws {
        let server = try await SSHDFixture.shared()
        let key = try server.privateKey("ed25519-pass")
        let good = server.endpoint("vssh-ed25519", .privateKey(key, passphrase: "fixture-phrase"))
        #expect(try await SSHConnection(endpoint: good).run(SSHCommand(["true"])).exitStatus == 0)
        let missing = await sshError { _ = try await SSHConnection(endpoint: server.endpoint("vssh-ed25519", .privateKey(key, passphrase: nil))).run(SSHCommand(["true"])) }
        #expect(missing?.code == .invalidKey)
        #expect(missing?.message.contains("passphrase") == true)
        let wrong = await sshError { _ = try await SSHConnection(endpoint: server.endpoint("vssh-ed25519", .privateKey(key, passphrase: "nope"))).run(SSHCommand(["true"])) }
        #expect(wrong?.code == .invalidKey)
    }

    @Test("an RSA key the server refuses is explained: SHA-1 signatures, use ed25519 or ECDSA")
    func rsaKey() async throws {
        let server = try await SSHDFixture.shared()
        let endpoint = server.endpoint("vssh-rsa", .privateKey(try server.privateKey("rsa"), passphrase: nil))
        let error = await sshError { _ = try await SSHConnection(endpoint: endpoint).run(SSHCommand(["true"])) }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains("SHA-1") == true)
        #expect(error?.message.contains("ed25519") == true)
    }

    @Test("a wrong password fails once: one attempt in the server's log, no retries")
    func wrongPassword() async throws {
        let server = try await SSHDFixture.shared()
        let before = server.logLines(containing: "Failed password for vssh-password")
        let pool = SSHConnectionPool()
        let endpoint = server.endpoint("vssh-password", .password("wrong-pass"))
        let error = await sshError { _ = try await pool.run(SSHCommand(["true"]), on: endpoint, key: "h1") }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains("refused the password") == true)
        #expect(error?.message.contains("wrong-pass") == false)
        try await Task.sleep(for: .milliseconds(300))
        #expect(await server.logLines(containing: "Failed password for vssh-password", reaching: before + 1) == before + 1)
    }

    @Test("a key the account does not authorise, and a method the account does not accept")
    func wrongKey() async throws {
        let server = try await SSHDFixture.shared()
        let other = server.endpoint("vssh-ed25519", .privateKey(try server.privateKey("other"), passphrase: nil))
        let error = await sshError { _ = try await SSHConnection(endpoint: other).run(SSHCommand(["true"])) }
        #expect(error?.code == .authenticationFailed)
        let method = server.endpoint("vssh-password", .privateKey(try server.privateKey("ed25519"), passphrase: nil))
        let refused = await sshError { _ = try await SSHConnection(endpoint: method).run(SSHCommand(["true"])) }
        #expect(refused?.code == .authenticationFailed)
        #expect(refused?.message.contains("does not accept publickey") == true)
    }

    @Test("text that is not a key")
    func notAKey() async throws {
        let server = try await SSHDFixture.shared()
        let endpoint = server.endpoint("vssh-ed25519", .privateKey("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n", passphrase: nil))
        let error = await sshError { _ = try await SSHConnection(endpoint: endpoint).run(SSHCommand(["true"])) }
        #expect(error?.code == .invalidKey || error?.code == .authenticationFailed)
    }
}
