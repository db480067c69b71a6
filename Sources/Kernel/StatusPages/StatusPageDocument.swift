import Foundation

/// A status page as the JSON document stores keep it.
public enum StatusPageDocument {
    /// The page as JSON text.
    public static func encode(_ page: StatusPage) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(page), as: UTF8.self)
    }

    /// The page in JSON text, or nil when the text is not one.
    public static func decode(_ text: String) -> StatusPage? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(StatusPage.self, from: Data(text.utf8))
    }
}
