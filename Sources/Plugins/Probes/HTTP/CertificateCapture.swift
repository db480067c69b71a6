import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import TLSSupport

/// Judges the chain a server presents during the handshake (NIOSSL's custom verification,
/// so trust, expiry and name are decided by `CertificateCheck`, as in `probe.tls`) and keeps
/// the outcome for the result. Unless `skipVerify`, a chain judged down fails the handshake.
final class CertificateCapture: Sendable {
    private let check: CertificateCheck
    private let host: String
    private let skipVerify: Bool
    private let outcome = NIOLockedValueBox<CertificateCheck.Outcome?>(nil)

    init(check: CertificateCheck, host: String, skipVerify: Bool) {
        self.check = check
        self.host = host
        self.skipVerify = skipVerify
    }

    /// The judgement of the chain, once the server has presented one.
    var judgement: CertificateCheck.Outcome? { outcome.withLockedValue { $0 } }

    /// The NIOSSL callback.
    func verify(_ presented: [NIOSSLCertificate], _ promise: EventLoopPromise<NIOSSLVerificationResultWithMetadata>) {
        let chain = presented.compactMap { try? $0.toDERBytes() }
        let verdict = check.evaluate(der: chain, host: host)
        outcome.withLockedValue { $0 = verdict }
        if skipVerify || verdict.status != .down {
            promise.succeed(.certificateVerified(VerificationMetadata(nil)))
        } else {
            promise.succeed(.failed)
        }
    }
}
