import Foundation
import Kernel

extension SSHEndpoint {
    /// The endpoint of a host record, with its credentials opened
    /// (`RemoteHostDirectory.credentials(of:)`): its pinned key is required, or the first key
    /// is trusted when none is pinned yet. A `privateKeyFile` is read from `keyDirectory`.
    /// Throws `ValidationError` on `credentials.<field>` when the key file cannot be used.
    public init(_ host: RemoteHost, credentials: RemoteHostCredentials, keyDirectory: String?) throws {
        let ssh: SSHCredentials
        if let password = credentials.password {
            ssh = .password(password)
        } else if let key = credentials.privateKey {
            ssh = .privateKey(key, passphrase: credentials.passphrase)
        } else if let file = credentials.privateKeyFile {
            ssh = .privateKey(try SSHKeyFile.read(file, directory: keyDirectory), passphrase: credentials.passphrase)
        } else {
            throw ValidationError(field: "credentials", "give exactly one of password, privateKey or privateKeyFile")
        }
        self.init(host: host.address, port: host.port, username: host.username, credentials: ssh,
                  hostKey: host.hostKey.map { .pinned($0) } ?? .trustOnFirstUse)
    }
}

/// Private key files on the server: only inside the configured directory
/// (`server.sshKeyDirectory`), after symbolic links are resolved, so a host record cannot make
/// the server read `/etc/shadow` or another tenant's key outside it.
public enum SSHKeyFile {
    /// The largest key file read.
    public static let maximumSize = 64 * 1024

    /// The text of the key file `name` (relative to `directory`, or absolute inside it).
    public static func read(_ name: String, directory: String?) throws -> String {
        let field = "credentials.privateKeyFile"
        guard let directory else {
            throw ValidationError(field: field, "key files are not enabled on this server (set server.sshKeyDirectory); paste the key as privateKey")
        }
        let joined = name.hasPrefix("/") ? name : directory + "/" + name
        guard let root = realPath(directory) else { throw ValidationError(field: field, "the server's key directory \(directory) does not exist") }
        guard let resolved = realPath(joined) else { throw ValidationError(field: field, "no such file in the key directory") }
        guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw ValidationError(field: field, "must be a file inside the key directory \(directory)")
        }
        guard let handle = FileHandle(forReadingAtPath: resolved) else { throw ValidationError(field: field, "cannot be read by the server") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumSize + 1)) ?? Data()
        guard data.count <= maximumSize else { throw ValidationError(field: field, "is larger than \(maximumSize) bytes; not a private key") }
        let text = String(decoding: data, as: UTF8.self)
        guard SSHPrivateKey.looksLikePrivateKey(text) else {
            throw ValidationError(field: field, "is not a private key in OpenSSH or PEM form")
        }
        return text
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
