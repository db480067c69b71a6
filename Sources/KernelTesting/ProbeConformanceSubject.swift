import Kernel

/// A probe under conformance test, with the targets its test target prepared on loopback
/// (or in a namespace of its own). Which cases run depends on which targets it has: a probe
/// that cannot get a down target on loopback (a ping to 127.0.0.1 always answers) leaves
/// `downTarget` nil and checks that behaviour in a network namespace instead.
public struct ProbeConformanceSubject: Sendable {
    /// The probe, as the host holds it.
    public var runner: ProbeRunner
    /// A target in a syntax the probe refuses (`"exa mple:0"`).
    public var badTarget: String
    /// A target that is down (a closed port), with the options to probe it.
    public var downTarget: (target: String, config: JSONValue)?
    /// A target whose run takes longer than the deadlines the cases give (a listener that
    /// never answers, many pings), with the options to probe it.
    public var slowTarget: (target: String, config: JSONValue)?

    /// Describes a probe under test.
    public init(_ runner: ProbeRunner, badTarget: String, downTarget: (target: String, config: JSONValue)? = nil,
                slowTarget: (target: String, config: JSONValue)? = nil) {
        self.runner = runner
        self.badTarget = badTarget
        self.downTarget = downTarget
        self.slowTarget = slowTarget
    }

    /// What the subject offers, to choose cases.
    public struct Offers: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// A down target.
        public static let downTarget = Offers(rawValue: 1)
        /// A slow target.
        public static let slowTarget = Offers(rawValue: 2)
    }
}
