import COpenSSL
import Synchronization

/// Checks a presented certificate chain against trust anchors with OpenSSL, apart from time:
/// whether the chain leads to a trusted root is one question, whether each certificate is
/// within its validity window another (`CertificateCheck` answers it), so an expired but
/// otherwise trusted certificate is reported as expired, not as untrusted.
public struct ChainVerifier: Sendable {
    /// The outcome for one chain.
    public struct Verdict: Sendable, Equatable {
        /// Whether the chain leads to one of the trust anchors.
        public var trusted: Bool
        /// OpenSSL's reason when it does not (`unable to get local issuer certificate`).
        public var reason: String?
    }

    private let store: TrustStore

    /// A verifier for `anchors`; stores are loaded once per process and shared.
    public init(anchors: TrustAnchors) throws(TLSSupportError) {
        store = try TrustStore.shared(for: anchors)
    }

    /// Verifies `chain` (leaf first, as presented) for use by a TLS server.
    public func verify(_ chain: [X509Certificate]) -> Verdict {
        guard let leaf = chain.first else { return Verdict(trusted: false, reason: "the server presented no certificate") }
        guard let context = X509_STORE_CTX_new() else { return Verdict(trusted: false, reason: "out of memory") }
        defer { X509_STORE_CTX_free(context) }
        let untrusted = vantage_stack_new()
        defer { vantage_stack_free(untrusted) }
        for certificate in chain.dropFirst() { vantage_stack_push(untrusted, certificate.pointer) }
        guard X509_STORE_CTX_init(context, store.pointer, leaf.pointer, untrusted) == 1 else {
            return Verdict(trusted: false, reason: "cannot start verification")
        }
        let parameters = X509_STORE_CTX_get0_param(context)
        X509_VERIFY_PARAM_set_flags(parameters, UInt(X509_V_FLAG_NO_CHECK_TIME))
        X509_STORE_CTX_set_purpose(context, X509_PURPOSE_SSL_SERVER)
        let ok = X509_verify_cert(context) == 1
        let reason = ok ? nil : String(cString: X509_verify_cert_error_string(Int(X509_STORE_CTX_get_error(context))))
        ERR_clear_error()
        withExtendedLifetime(chain) {}
        return Verdict(trusted: ok, reason: reason)
    }
}

/// Where trusted roots come from.
public enum TrustAnchors: Sendable, Hashable {
    /// The system store (`/etc/ssl/certs`, Debian's ca-certificates).
    case system
    /// A PEM bundle of CA certificates, instead of the system store.
    case bundle(path: String)
    /// PEM text of CA certificates, instead of the system store.
    case pem(String)
}

/// A loaded `X509_STORE`, kept for the life of the process per anchors.
final class TrustStore: @unchecked Sendable {
    let pointer: OpaquePointer
    private static let cache = Mutex<[TrustAnchors: TrustStore]>([:])

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_STORE_free(pointer) }

    static func shared(for anchors: TrustAnchors) throws(TLSSupportError) -> TrustStore {
        if let store = cache.withLock({ $0[anchors] }) { return store }
        let store = try load(anchors)
        return cache.withLock { table in
            if let existing = table[anchors] { return existing }
            table[anchors] = store
            return store
        }
    }

    private static func load(_ anchors: TrustAnchors) throws(TLSSupportError) -> TrustStore {
        guard let pointer = X509_STORE_new() else { throw .badTrustAnchors("out of memory") }
        let store = TrustStore(pointer: pointer)
        switch anchors {
        case .system:
            guard X509_STORE_set_default_paths(pointer) == 1 else {
                ERR_clear_error()
                throw .badTrustAnchors("the system trust store cannot be loaded (is ca-certificates installed?)")
            }
        case .bundle(let path):
            try add(X509Certificate.loadPEM(path: path), to: pointer)
        case .pem(let text):
            let certificates = X509Certificate.decodePEM(Array(text.utf8))
            guard !certificates.isEmpty else { throw .badTrustAnchors("the PEM text holds no certificate") }
            add(certificates, to: pointer)
        }
        return store
    }

    private static func add(_ certificates: [X509Certificate], to pointer: OpaquePointer) {
        for certificate in certificates where X509_STORE_add_cert(pointer, certificate.pointer) != 1 {
            ERR_clear_error()
        }
    }
}
