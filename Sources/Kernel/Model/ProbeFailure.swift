/// Why a probe found its target down or degraded, in a machine-readable code and plain words.
public struct ProbeFailure: Sendable, Codable, Hashable, Error {
    /// A stable machine-readable code such as `refused`, `timeout`, `unreachable`,
    /// `name_not_resolved`, `probe_error`.
    public var code: String
    /// A sentence for people: what happened, with the address or value involved.
    public var message: String

    /// Creates a failure reason.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The probe did not finish within its deadline.
    public static func timeout(after seconds: Double) -> ProbeFailure {
        ProbeFailure(code: "timeout", message: "no answer within \(formatSeconds(seconds))")
    }
}

/// Formats seconds for messages: "1.5 s", "250 ms".
public func formatSeconds(_ seconds: Double) -> String {
    if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
    let rounded = (seconds * 100).rounded() / 100
    return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
}
