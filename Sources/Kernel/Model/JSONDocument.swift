import Foundation

/// A record as the JSON document stores keep beside their indexed columns (hosts, trace
/// runs). Dates are seconds since 1970 and keys sorted, so a record reads back equal in every
/// store and the text is stable.
public enum JSONDocument {
    /// The record as JSON text.
    public static func encode<T: Encodable>(_ record: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    /// The record from JSON text, or nil when it is not one.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String?) -> T? {
        guard let text else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(T.self, from: Data(text.utf8))
    }
}
