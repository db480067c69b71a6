import Kernel

/// The `caFile` / `caPEM` options both TLS-speaking probes accept, checked at creation time.
public enum TrustAnchorOptions {
    /// The largest `caPEM` accepted.
    public static let maximumPEMBytes = 1 << 20

    /// Field issues for the options: an unreadable file or PEM without a certificate.
    public static func issues(caFile: String?, caPEM: String?, prefix: String = "config.") -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if let caFile, !ValidatedCAFiles.shared.isKnownGood(caFile) {
            do {
                _ = try X509Certificate.loadPEM(path: caFile)
                ValidatedCAFiles.shared.remember(caFile)
            } catch {
                issues.append(.init(field: prefix + "caFile", message: error.description))
            }
        }
        if let caPEM {
            if caPEM.utf8.count > maximumPEMBytes {
                issues.append(.init(field: prefix + "caPEM", message: "must be at most \(maximumPEMBytes) bytes"))
            } else if X509Certificate.decodePEM(Array(caPEM.utf8)).isEmpty {
                issues.append(.init(field: prefix + "caPEM", message: "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"))
            }
        }
        return issues
    }

    /// The trust anchors the options choose: the file, the PEM text, or the system store.
    public static func anchors(caFile: String?, caPEM: String?) -> TrustAnchors {
        if let caFile { return .bundle(path: caFile) }
        if let caPEM { return .pem(caPEM) }
        return .system
    }
}
