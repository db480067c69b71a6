/// An alert was raised (triggered, resolved, a reminder, flapping): what the live stream's
/// `alerts` topic sends, published once the evaluation that raised it is committed.
public struct AlertRaised: EventPayload, Hashable {
    public static let eventName = "alert.raised"
    /// The alert.
    public var alert: Alert
    /// Why it is not sent (`maintenance`), or nil.
    public var suppressed: String?

    /// Creates the payload.
    public init(alert: Alert, suppressed: String? = nil) {
        self.alert = alert
        self.suppressed = suppressed
    }
}
