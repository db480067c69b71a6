import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt on a thread pool of its own.
///
/// Hashing is deliberately slow (about 250 ms at cost 12). On NIO's shared blocking pool a
/// burst of registrations or logins queued every other blocking job behind it: a probe's
/// name resolution waited seconds and timed out (seen in CI while the auth tests ran beside
/// the HTTPS probe tests). Half the cores, at least one, hash; the shared pool stays free.
enum PasswordHashing {
    /// The process-wide hashing pool, started on first use and kept for the process.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, ProcessInfo.processInfo.activeProcessorCount / 2))
        pool.start()
        return pool
    }()

    /// The bcrypt hash of `password` at `cost`.
    static func hash(_ password: String, cost: Int) async throws -> String {
        try await pool.runIfActive { Bcrypt.hash(password, cost: UInt8(cost)) }
    }

    /// Whether `password` matches `hash`.
    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await pool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
