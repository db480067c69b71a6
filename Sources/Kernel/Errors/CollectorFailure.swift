/// Why a collection from a source failed, in the shape results carry failures: a stable code
/// (`ssh_connect_failed`, `host_not_found`) and words an operator can act on. The host shows
/// the source as unreachable with it.
public struct CollectorFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable, snake case.
    public var code: String
    /// What happened.
    public var message: String

    /// Creates a failure.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
