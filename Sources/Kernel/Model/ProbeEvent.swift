/// Something a probe noticed in one run that is worth an event of its own, beyond the
/// monitor's status: a DNS answer that changed, a certificate entering its warning window.
///
/// The scheduler publishes each one on the event bus as `Event.Kind.plugin(name:payload:)`,
/// with `monitorID` added to the payload. Compare with `ProbeRequest.previous` so the event
/// is raised once, when the thing happens, and not on every run.
public struct ProbeEvent: Sendable, Codable, Hashable {
    /// A dotted name, `dns.answer_changed`.
    public var name: String
    /// What happened, as a JSON object.
    public var payload: JSONValue

    /// Creates an event.
    public init(name: String, payload: JSONValue) {
        self.name = name
        self.payload = payload
    }
}
