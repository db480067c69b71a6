/// Errors every store maps its native errors to, so callers handle them the same way
/// whichever backend runs.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The record does not exist in the caller's tenant (or at all).
    case notFound(entity: String, id: String)
    /// A record with the same unique key exists.
    case conflict(entity: String, detail: String)
    /// The backend cannot be reached or refused the operation; retrying later may work.
    case unavailable(String)
    /// The stored schema is newer than this build understands.
    case incompatibleSchema(found: Int, supported: Int)

    public var description: String {
        switch self {
        case .notFound(let entity, let id): "\(entity) \(id) not found"
        case .conflict(let entity, let detail): "\(entity) conflict: \(detail)"
        case .unavailable(let reason): "store unavailable: \(reason)"
        case .incompatibleSchema(let found, let supported):
            "the database has schema version \(found); this build supports up to \(supported)"
        }
    }
}
