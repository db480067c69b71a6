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
