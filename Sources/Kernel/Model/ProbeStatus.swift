/// The outcome of one probe run.
public enum ProbeStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// The target answered as expected.
    case up
    /// The target answered, but outside a threshold (latency, loss, days to expiry).
    case degraded
    /// The target did not answer, or answered wrongly.
    case down
}
