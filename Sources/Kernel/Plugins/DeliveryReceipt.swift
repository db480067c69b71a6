/// What a receiver answered to a delivered alert: an HTTP status and the start of its body,
/// an SMTP server's final reply.
public struct DeliveryReceipt: Sendable, Hashable, Codable {
    /// The receiver's status code (HTTP status, SMTP reply code), when it has one.
    public var status: Int?
    /// The answer in words, shortened.
    public var detail: String?

    /// Creates a receipt.
    public init(status: Int? = nil, detail: String? = nil) {
        self.status = status
        self.detail = detail
    }
}

/// A delivery that failed: what went wrong, the receiver's status when it answered, and
/// whether trying again can help (a timeout or a 503 can; a 404 or a refused login cannot).
public struct NotificationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in words.
    public var message: String
    /// The receiver's status code, when it answered.
    public var status: Int?
    /// Whether another attempt may succeed.
    public var retryable: Bool

    /// Creates a failure.
    public init(_ message: String, status: Int? = nil, retryable: Bool = true) {
        self.message = message
        self.status = status
        self.retryable = retryable
    }

    public var description: String { message }
}
