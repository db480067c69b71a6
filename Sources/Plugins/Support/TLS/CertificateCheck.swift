import Foundation
import Kernel

/// Judges a presented chain the way a monitor should: down when a certificate is expired or
/// not yet valid, when the chain is untrusted or the name does not match; degraded within
/// `warningDays` of the earliest expiry in the chain. Shared by `probe.tls` and `probe.http`.
public struct CertificateCheck: Sendable {
    /// What the check requires.
    public struct Policy: Sendable, Equatable {
        /// Degraded when the earliest expiry is fewer than this many days away.
        public var warningDays: Int
        /// Down when the chain does not lead to a trust anchor.
        public var requireTrusted: Bool
        /// Down when the leaf does not name the host.
        public var requireHostnameMatch: Bool

        public init(warningDays: Int = 14, requireTrusted: Bool = true, requireHostnameMatch: Bool = true) {
            self.warningDays = warningDays
            self.requireTrusted = requireTrusted
            self.requireHostnameMatch = requireHostnameMatch
        }
    }

    /// The judgement of one chain.
    public struct Outcome: Sendable {
        public var status: ProbeStatus
        public var failure: ProbeFailure?
        /// Whole days until the earliest expiry in the presented chain.
        public var daysLeft: Int
        public var trusted: Bool
        public var hostnameMatches: Bool
        /// The certificate section of a result's details.
        public var details: JSONValue
        /// Whether the chain is inside the warning window (not yet expired).
        public var inWarningWindow: Bool
    }

    /// The name of the event raised once when a certificate enters the warning window.
    public static let expiringEvent = "tls.certificate_expiring"
    /// The metric holding the days left, which `event(for:previous:)` compares across runs.
    public static let daysLeftMetric = "certificate_days_left"

    public var policy: Policy
    public var verifier: ChainVerifier
    public var anchors: TrustAnchors
    public var anchorsLabel: String

    public init(policy: Policy, anchors: TrustAnchors) throws(TLSSupportError) {
        self.policy = policy
        self.anchors = anchors
        verifier = try ChainVerifier(anchors: anchors)
        switch anchors {
        case .system: anchorsLabel = "system"
        case .bundle(let path): anchorsLabel = path
        case .pem: anchorsLabel = "the given CA"
        }
    }

    /// Judges `chain` (leaf first) presented by `host` at `now`.
    public func evaluate(_ chain: [X509Certificate], host: String, now: Date = Date()) -> Outcome {
        evaluate(der: chain.map(\.der), host: host, now: now)
    }

    /// Judges a chain given as DER certificates (leaf first); parsing and trust come from
    /// `ChainAnalysis`, kept across runs.
    public func evaluate(der chain: [[UInt8]], host: String, now: Date = Date()) -> Outcome {
        let analysis = ChainAnalysis.of(chain, anchors: anchors, verifier: verifier, now: now)
        let summaries = analysis.summaries
        guard let leaf = analysis.certificates.first, let leafSummary = summaries.first else {
            let failure = ProbeFailure(code: "no_certificate", message: "the server presented no certificate")
            return Outcome(status: .down, failure: failure, daysLeft: 0, trusted: false, hostnameMatches: false,
                           details: .object([:]), inWarningWindow: false)
        }
        let earliest = summaries.min { $0.notAfter < $1.notAfter } ?? leafSummary
        let daysLeft = earliest.daysLeft(at: now)
        let verdict = analysis.verdict
        let matches = leaf.matches(host: host)
        var status = ProbeStatus.up
        var failure: ProbeFailure?
        let inWindow = earliest.notAfter > now && daysLeft < policy.warningDays
        if let expired = summaries.first(where: { $0.notAfter <= now }) {
            status = .down
            failure = ProbeFailure(code: "certificate_expired",
                                   message: "the certificate for \(Self.name(expired)) expired on \(Self.iso(expired.notAfter)), \(-expired.daysLeft(at: now)) days ago")
        } else if let early = summaries.first(where: { $0.notBefore > now }) {
            status = .down
            failure = ProbeFailure(code: "certificate_not_yet_valid",
                                   message: "the certificate for \(Self.name(early)) is not valid before \(Self.iso(early.notBefore))")
        } else if policy.requireTrusted && !verdict.trusted {
            status = .down
            failure = ProbeFailure(code: "certificate_untrusted",
                                   message: "the chain is not trusted by \(anchorsLabel == "system" ? "the system trust store" : anchorsLabel): \(verdict.reason ?? "unknown reason")")
        } else if policy.requireHostnameMatch && !matches {
            status = .down
            let names = leafSummary.subjectAlternativeNames.joined(separator: ", ")
            failure = ProbeFailure(code: "certificate_name_mismatch",
                                   message: "the certificate does not name \(host); it names \(names.isEmpty ? leafSummary.subject : names)")
        } else if inWindow {
            status = .degraded
            failure = ProbeFailure(code: "certificate_expiring",
                                   message: "the certificate for \(Self.name(earliest)) expires on \(Self.iso(earliest.notAfter)), in \(daysLeft) days")
        }
        var details: [String: JSONValue] = [
            "chain": .array(summaries.map(Self.json)),
            "daysLeft": .number(Double(daysLeft)),
            "expires": .string(Self.iso(earliest.notAfter)),
            "trusted": .bool(verdict.trusted),
            "trustAnchors": .string(anchorsLabel),
            "hostnameMatches": .bool(matches),
        ]
        if let reason = verdict.reason { details["trustError"] = .string(reason) }
        return Outcome(status: status, failure: failure, daysLeft: daysLeft, trusted: verdict.trusted,
                       hostnameMatches: matches, details: .object(details), inWarningWindow: inWindow)
    }

    /// The `tls.certificate_expiring` event when this run entered the warning window: the
    /// previous run of the monitor was outside it, or there was none. Nil otherwise, so the
    /// event fires once per entry, not on every run.
    public func event(for outcome: Outcome, previous: ProbeResult?, target: String) -> ProbeEvent? {
        guard outcome.inWarningWindow else { return nil }
        if let before = previous?.metrics[Self.daysLeftMetric], before >= 0, before < Double(policy.warningDays) { return nil }
        return ProbeEvent(name: Self.expiringEvent, payload: .object([
            "target": .string(target),
            "daysLeft": .number(Double(outcome.daysLeft)),
            "warningDays": .number(Double(policy.warningDays)),
            "expires": outcome.details["expires"] ?? .null,
        ]))
    }

    static func name(_ summary: CertificateSummary) -> String {
        summary.subjectAlternativeNames.first.map { String($0.drop { $0 != ":" }.dropFirst()) } ?? summary.subject
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// One certificate as JSON.
    public static func json(_ summary: CertificateSummary) -> JSONValue {
        var key: [String: JSONValue] = ["type": .string(summary.publicKey.type), "bits": .number(Double(summary.publicKey.bits))]
        if let curve = summary.publicKey.curve { key["curve"] = .string(curve) }
        return .object([
            "subject": .string(summary.subject),
            "issuer": .string(summary.issuer),
            "subjectAlternativeNames": .array(summary.subjectAlternativeNames.map { .string($0) }),
            "serialNumber": .string(summary.serialNumber),
            "notBefore": .string(iso(summary.notBefore)),
            "notAfter": .string(iso(summary.notAfter)),
            "publicKey": .object(key),
            "signatureAlgorithm": .string(summary.signatureAlgorithm),
            "sha256Fingerprint": .string(summary.sha256Fingerprint),
            "isCertificateAuthority": .bool(summary.isCertificateAuthority),
            "isSelfIssued": .bool(summary.isSelfIssued),
        ])
    }
}
