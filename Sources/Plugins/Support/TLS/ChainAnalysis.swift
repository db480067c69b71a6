import Foundation
import Synchronization

/// What a presented chain says and whether it is trusted, which does not change between runs
/// of a monitor: parsed once and kept, keyed by the chain's DER bytes and the trust anchors.
/// Parsing and verifying with OpenSSL 3 costs about a millisecond per chain; a monitor sees
/// the same chain run after run. Validity dates and the name are still judged on every run.
struct ChainAnalysis: Sendable {
    let certificates: [X509Certificate]
    let summaries: [CertificateSummary]
    let verdict: ChainVerifier.Verdict

    private struct Key: Hashable, Sendable {
        var ders: [[UInt8]]
        var anchors: TrustAnchors
    }

    /// Entries are dropped after this long, so a changed CA bundle is seen within it.
    static let lifetime: TimeInterval = 600
    /// Chains kept at most; the cache is emptied when it fills.
    static let capacity = 4096
    private static let cache = Mutex<[Key: (analysis: ChainAnalysis, expires: Date)]>([:])

    /// The analysis of `ders` (leaf first) under `verifier`, from the cache when fresh.
    static func of(_ ders: [[UInt8]], anchors: TrustAnchors, verifier: ChainVerifier, now: Date = Date()) -> ChainAnalysis {
        let key = Key(ders: ders, anchors: anchors)
        if let entry = cache.withLock({ $0[key] }), entry.expires > now { return entry.analysis }
        let certificates = ders.compactMap { try? X509Certificate(der: $0) }
        let analysis = ChainAnalysis(certificates: certificates, summaries: certificates.map(\.summary),
                                     verdict: verifier.verify(certificates))
        cache.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = (analysis, now.addingTimeInterval(lifetime))
        }
        return analysis
    }
}
