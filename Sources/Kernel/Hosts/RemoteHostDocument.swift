import Foundation

/// A `RemoteHost` as the JSON document stores keep (its credentials already sealed). Dates
/// are seconds since 1970, so a record reads back equal in every store.
public enum RemoteHostDocument {
    /// The record as JSON text.
    public static func encode(_ host: RemoteHost) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(host), as: UTF8.self)
    }

    /// The record from JSON text, or nil when it is not one.
    public static func decode(_ text: String?) -> RemoteHost? {
        guard let text else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(RemoteHost.self, from: Data(text.utf8))
    }
}
