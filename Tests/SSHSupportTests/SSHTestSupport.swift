import FixtureServers
import Foundation
import SSHSupport

extension SSHDFixture {
    /// An endpoint for one of the test accounts.
    func endpoint(_ user: String, _ credentials: SSHCredentials, hostKey: HostKeyPolicy = .trustOnFirstUse) -> SSHEndpoint {
        SSHEndpoint(host: address, port: port, username: user, credentials: credentials, hostKey: hostKey)
    }

    /// The ed25519 account's endpoint.
    func ed25519(hostKey: HostKeyPolicy = .trustOnFirstUse) throws -> SSHEndpoint {
        endpoint("vssh-ed25519", .privateKey(try privateKey("ed25519"), passphrase: nil), hostKey: hostKey)
    }

    /// Lines of the server's log containing `text`, once there are `count` of them or a
    /// second has passed (sshd writes its log asynchronously to the client).
    func logLines(containing text: String, reaching count: Int) async -> Int {
        for _ in 0..<20 {
            if logLines(containing: text) >= count { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return logLines(containing: text)
    }

    /// Lines of the server's log containing `text`. (sshd -e ends its lines with CRLF, one
    /// `Character` in Swift: split on every newline.)
    func logLines(containing text: String) -> Int {
        log().split(whereSeparator: \.isNewline).filter { $0.contains(text) }.count
    }
}

/// Runs `body` and returns the `SSHError` it threw, or nil.
func sshError(_ body: () async throws -> Void) async -> SSHError? {
    do {
        try await body()
        return nil
    } catch let error as SSHError {
        return error
    } catch {
        return SSHError(.sessionFailed, "unexpected \(error)")
    }
}
