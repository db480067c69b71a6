import Foundation

/// Labels as stored: canonical JSON (keys sorted, no spaces), so one series has one spelling
/// and stores can group and order by it as text.
public enum SampleLabels {
    /// `{"device":"sda","mode":"user"}`; `{}` without labels.
    public static func encode(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(labels), as: UTF8.self)) ?? "{}"
    }

    /// The labels of stored text; empty for text that is not a JSON object of strings.
    public static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
