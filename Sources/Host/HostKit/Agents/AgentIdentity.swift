import Foundation
import Kernel

/// What an agent keeps in its data directory: `agent.id` (its UUID, made on the first start),
/// `credential` (issued by the server after approval) and `assignment.json` (the monitors it
/// was last assigned, so that a restart while the server is unreachable keeps probing). The directory is made 0700 and
/// the credential written 0600, atomically, and flushed before the server is told it is saved.
struct AgentIdentity: Sendable {
    /// The data directory.
    let directory: String
    /// The agent's UUID.
    let id: AgentID

    /// Opens the directory, making it and the agent's UUID on the first start.
    static func open(_ directory: String) throws -> AgentIdentity {
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Kernel.ValidationError(field: "--data-dir", "cannot create '\(directory)': \(error.localizedDescription)")
        }
        let idFile = (directory as NSString).appendingPathComponent("agent.id")
        if let text = try? String(contentsOfFile: idFile, encoding: .utf8) {
            guard let id = AgentID(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw Kernel.ValidationError(field: "--data-dir", "'\(idFile)' does not hold a UUID; remove it to enrol as a new agent")
            }
            return AgentIdentity(directory: directory, id: id)
        }
        let id = AgentID.random()
        try write(id.description + "\n", to: idFile, mode: 0o600)
        return AgentIdentity(directory: directory, id: id)
    }

    private var credentialFile: String { (directory as NSString).appendingPathComponent("credential") }

    /// The credential the server issued, if any.
    var credential: String? {
        (try? String(contentsOfFile: credentialFile, encoding: .utf8)).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Keeps a credential, durably.
    func save(credential: String) throws { try Self.write(credential + "\n", to: credentialFile, mode: 0o600) }

    private var assignmentFile: String { (directory as NSString).appendingPathComponent("assignment.json") }

    /// Keeps the last assignment (the `assign` frame's text), durably.
    func save(assignment text: String) throws { try Self.write(text, to: assignmentFile, mode: 0o600) }

    /// Forgets the last assignment (the agent was revoked).
    func forgetAssignment() { unlink(assignmentFile) }

    /// The last assignment's text, if any.
    var assignment: String? { try? String(contentsOfFile: assignmentFile, encoding: .utf8) }

    /// Writes `text` to a temporary file, flushes it, and renames it over `path`.
    private static func write(_ text: String, to path: String, mode: mode_t) throws {
        let temporary = path + ".tmp"
        let descriptor = Foundation.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Kernel.ValidationError(field: "--data-dir", "cannot write '\(temporary)': errno \(errno)") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Kernel.ValidationError(field: "--data-dir", "cannot write '\(path)'")
        }
    }
}
