import COpenSSL
import Foundation

/// An X.509 certificate held by OpenSSL. Immutable after creation, so it may be shared.
public final class X509Certificate: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of an `X509*` (one reference), for code that calls OpenSSL itself.
    public init(owningPointer pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_free(pointer) }

    /// Decodes a DER certificate; throws `TLSSupportError.badCertificate` for anything else.
    public convenience init(der: [UInt8]) throws(TLSSupportError) {
        let decoded: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let decoded else { throw .badCertificate("not a DER-encoded X.509 certificate (\(der.count) bytes)") }
        self.init(owningPointer: decoded)
    }

    /// Every certificate in a PEM file (a CA bundle or a chain), in file order. A missing,
    /// unreadable or non-PEM file gets the same message, so that API users cannot probe the
    /// server's file system through `caFile`.
    public static func loadPEM(path: String) throws(TLSSupportError) -> [X509Certificate] {
        let data = FileManager.default.contents(atPath: path) ?? Data()
        let certificates = Self.decodePEM([UInt8](data.prefix(16 << 20)))
        guard !certificates.isEmpty else { throw .badCertificate("'\(path)' is not a readable PEM file of certificates") }
        return certificates
    }

    /// Every PEM certificate in `bytes`.
    public static func decodePEM(_ bytes: [UInt8]) -> [X509Certificate] {
        bytes.withUnsafeBytes { raw -> [X509Certificate] in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return [] }
            defer { BIO_free(bio) }
            var certificates: [X509Certificate] = []
            while let next = PEM_read_bio_X509(bio, nil, nil, nil) { certificates.append(X509Certificate(owningPointer: next)) }
            ERR_clear_error()
            return certificates
        }
    }

    /// The DER encoding.
    public var der: [UInt8] {
        let length = i2d_X509(pointer, nil)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            _ = i2d_X509(pointer, &cursor)
        }
        return bytes
    }

    /// Whether the certificate names `host` (a DNS name, wildcards per RFC 6125, or an IP
    /// address matched against IP SANs).
    public func matches(host: String) -> Bool {
        if IPAddressText.isAddress(host) { return X509_check_ip_asc(pointer, host, 0) == 1 }
        return X509_check_host(pointer, host, host.utf8.count, 0, nil) == 1
    }

    /// What the certificate says, in plain fields.
    public var summary: CertificateSummary {
        CertificateSummary(
            subject: Self.text(X509_get_subject_name(pointer)),
            issuer: Self.text(X509_get_issuer_name(pointer)),
            subjectAlternativeNames: subjectAlternativeNames,
            serialNumber: Self.buffer(128) { vantage_serial_hex(pointer, $0, $1) },
            notBefore: Date(timeIntervalSince1970: Double(vantage_not_before(pointer))),
            notAfter: Date(timeIntervalSince1970: Double(vantage_not_after(pointer))),
            publicKey: publicKey,
            signatureAlgorithm: vantage_signature_algorithm(pointer).map { String(cString: $0) } ?? "unknown",
            sha256Fingerprint: fingerprint,
            isCertificateAuthority: X509_check_ca(pointer) > 0,
            isSelfIssued: X509_check_issued(pointer, pointer) == X509_V_OK)
    }

    private var subjectAlternativeNames: [String] {
        Self.buffer(16_384) { vantage_subject_alternative_names(pointer, $0, $1) > 0 ? 1 : 0 }
            .split(separator: "\n").map(String.init)
    }

    private var publicKey: CertificateSummary.PublicKey {
        var type = [CChar](repeating: 0, count: 32)
        var curve = [CChar](repeating: 0, count: 64)
        let bits = vantage_public_key(pointer, &type, 32, &curve, 64)
        let curveName = Self.decode(curve)
        return .init(type: Self.decode(type), bits: Int(bits), curve: curveName.isEmpty ? nil : curveName)
    }

    private var fingerprint: String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, EVP_sha256(), &digest, &length) == 1 else { return "" }
        let hex = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(Int(length) * 3)
        for byte in digest.prefix(Int(length)) {
            if !text.isEmpty { text.append(UInt8(ascii: ":")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func text(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        return buffer(2048) { vantage_name_text(name, $0, $1) }
    }

    /// Runs `fill` on a zeroed C buffer and decodes the NUL-terminated text it wrote (whatever
    /// `fill` returns, the buffer decides).
    static func buffer(_ size: Int32, _ fill: (UnsafeMutablePointer<CChar>, Int32) -> Int32) -> String {
        var bytes = [CChar](repeating: 0, count: Int(size))
        _ = bytes.withUnsafeMutableBufferPointer { fill($0.baseAddress!, size) }
        return decode(bytes)
    }

    static func decode(_ bytes: [CChar]) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
