import Foundation

/// The rules for monitor tags (`prod`, `team:payments`, `region=eu-west`): short labels that
/// alert rules and maintenance windows select monitors by.
public enum MonitorTags {
    /// The most tags one monitor (or one selection) may carry.
    public static let maximumCount = 32
    /// The longest tag, in characters.
    public static let maximumLength = 64
    /// The characters besides ASCII letters and digits a tag may contain.
    public static let punctuation: Set<Character> = ["-", "_", ".", ":", "/", "=", "@"]

    /// Why `tags` cannot be used, naming the first bad one; nil when they can.
    public static func problem(_ tags: [String]) -> String? {
        if tags.count > maximumCount { return "at most \(maximumCount) tags" }
        for tag in tags where !isValid(tag) {
            return "tag '\(tag.prefix(80))' must be 1 to \(maximumLength) characters: ASCII letters, digits and \(String(punctuation.sorted()))"
        }
        return nil
    }

    /// Whether `tag` is a valid tag.
    public static func isValid(_ tag: String) -> Bool {
        (1...maximumLength).contains(tag.count) && tag.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || punctuation.contains($0) }
    }

    /// `tags` without repeats, in their first order.
    public static func normalized(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.filter { seen.insert($0).inserted }
    }

    /// `tags` as a JSON array, the form the stores keep them in.
    public static func jsonText(_ tags: [String]) -> String {
        JSONValue.array(tags.map { .string($0) }).jsonText
    }

    /// The tags in a JSON array; empty for anything else.
    public static func decode(jsonText: String?) -> [String] {
        guard let jsonText, let array = (try? JSONValue.parse(Data(jsonText.utf8)))?.arrayValue else { return [] }
        return array.compactMap(\.stringValue)
    }
}
