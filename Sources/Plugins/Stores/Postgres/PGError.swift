import Kernel

/// An error from libpq or the server, with the server's SQLSTATE when there is one.
struct PGError: Error, Sendable, CustomStringConvertible {
    /// The SQLSTATE code (`23505` unique violation); nil for client-side and connection errors.
    let sqlState: String?
    /// libpq's message, first line.
    let message: String
    /// True when the connection is gone (the server restarted or the network failed).
    let connectionLost: Bool

    var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }

    /// A unique, foreign-key, not-null or check constraint failed.
    var isConstraintViolation: Bool { sqlState?.hasPrefix("23") ?? false }
}

extension Error {
    /// A `StoreError.conflict` restated for `entity`; any other error as it is.
    func asStoreError(entity: String, conflict detail: String) -> any Error {
        if let error = self as? StoreError, case .conflict = error { return StoreError.conflict(entity: entity, detail: detail) }
        return self
    }
}
