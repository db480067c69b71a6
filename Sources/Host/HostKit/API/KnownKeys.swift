import Foundation

extension CodingUserInfoKey {
    /// Set by `RequestDecoding.fast`: types that call `KnownKeys.check` refuse keys they do not
    /// decode, as `StrictDecoder` does for every type.
    static let rejectUnknownKeys = CodingUserInfoKey(rawValue: "vantage.rejectUnknownKeys")!
}

/// The unknown-key check of `RequestDecoding.fast`. A type decoded on that path calls
/// `check` from its `init(from:)`; under `StrictDecoder` (which tracks the keys itself) the
/// check does nothing.
enum KnownKeys {
    /// Throws when the decoder's object holds a key that `Keys` does not name.
    static func check<Keys: CodingKey>(_ decoder: any Decoder, _ keys: Keys.Type) throws {
        guard decoder.userInfo[.rejectUnknownKeys] as? Bool == true else { return }
        let present = try decoder.container(keyedBy: NamedKey.self).allKeys
        if let unknown = present.first(where: { Keys(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [unknown], debugDescription: "unknown key"))
        }
    }

    /// Any key of a JSON object.
    private struct NamedKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
