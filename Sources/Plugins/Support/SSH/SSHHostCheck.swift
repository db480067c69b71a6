/// What `POST /api/v1/hosts/{id}/test` reports: can Vantage reach the host, log in, which host
/// key it presents, and whether `mtr` is installed (and which version). Every step that ran is
/// reported, so an operator sees how far it got.
public struct SSHHostCheck: Sendable, Hashable, Codable {
    /// The TCP connection and SSH handshake succeeded.
    public var reachable: Bool
    /// The credentials were accepted.
    public var authenticated: Bool
    /// The key the server presented, when the handshake got that far.
    public var hostKey: SSHHostKey?
    /// Whether `mtr` is on the remote `PATH`; nil when the check did not get that far.
    public var mtrInstalled: Bool?
    /// The mtr version (`0.95`), when installed.
    public var mtrVersion: String?
    /// Milliseconds from connecting to the end of the check.
    public var durationMs: Double
    /// Why a step failed (`ssh_authentication_failed`, …), if one did.
    public var errorCode: String?
    /// The failure in words.
    public var error: String?

    /// Checks `endpoint` on a fresh connection (not pooled: the settings may be unsaved).
    public static func run(_ endpoint: SSHEndpoint, timeouts: SSHTimeouts = SSHTimeouts()) async -> SSHHostCheck {
        let started = ContinuousClock.now
        var check = SSHHostCheck(reachable: false, authenticated: false, durationMs: 0)
        let connection = SSHConnection(endpoint: endpoint, timeouts: timeouts)
        defer { connection.close() }
        do {
            let output = try await connection.run(SSHCommand(["mtr", "--version"], timeout: 10, outputLimit: 64 * 1024))
            check.reachable = true
            check.authenticated = true
            check.hostKey = output.hostKey
            check.mtrInstalled = output.exitStatus == 0
            check.mtrVersion = output.exitStatus == 0 ? MTRVersion.parse(output.stdoutText) : nil
        } catch let error as SSHError {
            check.reachable = ![.connectFailed, .connectTimeout, .handshakeFailed].contains(error.code)
            check.errorCode = error.code.rawValue
            check.error = error.message
            if error.code == .hostKeyChanged, let presented = error.presentedFingerprint {
                check.hostKey = SSHHostKey(fingerprint: presented, algorithm: "unknown")
            }
            if check.reachable && error.code != .authenticationFailed && error.code != .invalidKey && error.code != .hostKeyChanged {
                check.authenticated = true
            }
        } catch {
            check.errorCode = SSHError.Code.sessionFailed.rawValue
            check.error = "\(error)"
        }
        let elapsed = started.duration(to: .now)
        check.durationMs = (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15).rounded() / 1
        return check
    }
}

/// Reading `mtr --version` (`mtr 0.95`, `mtr 0.92.1`).
public enum MTRVersion {
    /// The version number, or nil when the text is not mtr's.
    public static func parse(_ text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, words[0] == "mtr" else { return nil }
        let version = words[1]
        guard version.first?.isNumber == true, version.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0.isLetter }) else { return nil }
        return String(version)
    }
}
