/// A failure of the TLS support code, in plain words.
public enum TLSSupportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bytes or a file that are not a certificate.
    case badCertificate(String)
    /// A CA bundle that cannot be loaded.
    case badTrustAnchors(String)

    public var description: String {
        switch self {
        case .badCertificate(let message), .badTrustAnchors(let message): message
        }
    }
}
