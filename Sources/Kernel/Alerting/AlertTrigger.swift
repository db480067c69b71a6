/// Something a rule reports: a monitor going down or degraded, a measurement above a limit
/// for several runs (`latency>500ms for 3 runs`, `loss>20%`; see `MetricThreshold`), or an
/// event a probe raised (`tls.certificate_expiring`, `whois.domain_expiring`,
/// `dns.answer_changed`; `tls.*` for all of a plugin's events).
/// Coming back up is not a trigger of its own: it is the resolution of `down` or
/// `degraded`, sent when the rule's `sendResolved` is on.
public enum AlertTrigger: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The monitor went down.
    case down
    /// The monitor became degraded.
    case degraded
    /// A measurement above a limit for several runs in a row.
    case threshold(MetricThreshold)
    /// A probe's event of this name (or `prefix.*`).
    case event(String)

    /// `down`, `degraded`, or the event's name.
    public var description: String {
        switch self {
        case .down: "down"
        case .degraded: "degraded"
        case .threshold(let threshold): threshold.description
        case .event(let name): name
        }
    }

    /// Parses `down`, `degraded`, a threshold (`latency>500ms for 3 runs`) or an event name
    /// (`plugin.event`, `plugin.*`); nil otherwise.
    public init?(_ text: String) {
        switch text {
        case "down": self = .down
        case "degraded": self = .degraded
        case _ where text.contains(">") || text.contains("<"):
            guard let threshold = MetricThreshold(text) else { return nil }
            self = .threshold(threshold)
        default:
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "*" } }),
                  !parts[0].contains("*"), parts[1] == "*" || !parts[1].contains("*") else { return nil }
            self = .event(text)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let trigger = AlertTrigger(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\"\(text)\" is not a trigger: use down, degraded, a threshold such as latency>500ms for 3 runs or loss>20%, or an event name such as tls.certificate_expiring"))
        }
        self = trigger
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
