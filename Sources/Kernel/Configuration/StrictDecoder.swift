import Foundation

/// Decodes `Decodable` types from a `JSONValue` strictly: a key the type does not ask for
/// is an error, as is a value of the wrong type or a fractional number where an integer is
/// expected. Errors are `ConfigurationError`s naming the JSON path (`$.plugins[1].config.port`)
/// and, for unknown keys and enumerations, the allowed values.
///
/// Plugins need no extra code: the keys a type tries to decode (with `decode` or
/// `decodeIfPresent`) are the keys it allows, and `CaseIterable` string enumerations list
/// their cases as allowed values.
public enum StrictDecoder {
    /// Decodes `type` from `value`; `path` is the JSON path of `value` in its document.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, path: String = "$") throws -> T {
        let tracker = KeyTracker()
        let decoder = JSONValueDecoder(value: value, codingPath: [], tracker: tracker)
        let result: T
        do {
            result = try decoder.decodeValue(T.self, from: value, codingPath: [])
        } catch let error as ConfigurationError {
            throw error.prefixed(with: path)
        } catch let error as DecodingError {
            throw ConfigurationError(decodingError: error).prefixed(with: path)
        }
        if let unknown = tracker.firstUnknownKey() {
            throw ConfigurationError(
                path: JSONPath.render(unknown.path + [AnyCodingKey(unknown.key)]),
                message: "unknown key '\(unknown.key)': either a typo or an option that does not exist",
                allowedValues: unknown.allowed
            ).prefixed(with: path)
        }
        return result
    }

    /// Decodes `type` from a JSON document.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            throw ConfigurationError(path: "$", message: "not valid JSON")
        }
        return try decode(type, from: value)
    }
}

/// Renders coding paths as JSON paths: `$.plugins[2].config`.
enum JSONPath {
    static func render(_ codingPath: [any CodingKey]) -> String {
        var text = "$"
        for key in codingPath {
            if let index = key.intValue { text += "[\(index)]" } else { text += ".\(key.stringValue)" }
        }
        return text
    }
}

/// A coding key for any string or index.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init(index: Int) { stringValue = "\(index)"; intValue = index }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }
}

/// Records, for every object decoded, the keys present and the keys the type asked for.
final class KeyTracker {
    private struct Entry {
        var path: [any CodingKey]
        var present: [String]
        var asked: Set<String> = []
    }
    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    func register(path: [any CodingKey], keys: [String]) {
        let id = JSONPath.render(path)
        if entries[id] == nil {
            entries[id] = Entry(path: path, present: keys)
            order.append(id)
        }
    }

    func asked(_ key: String, at path: [any CodingKey]) {
        entries[JSONPath.render(path)]?.asked.insert(key)
    }

    func askedAll(at path: [any CodingKey]) {
        let id = JSONPath.render(path)
        if let present = entries[id]?.present { entries[id]?.asked.formUnion(present) }
    }

    func firstUnknownKey() -> (path: [any CodingKey], key: String, allowed: [String])? {
        for id in order {
            guard let entry = entries[id] else { continue }
            if let key = entry.present.first(where: { !entry.asked.contains($0) }) {
                return (entry.path, key, entry.asked.sorted())
            }
        }
        return nil
    }
}

extension ConfigurationError {
    init(decodingError: DecodingError) {
        switch decodingError {
        case .keyNotFound(let key, let context):
            self.init(path: JSONPath.render(context.codingPath + [key]), message: "missing required value")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            self.init(path: JSONPath.render(context.codingPath), message: context.debugDescription)
        @unknown default:
            self.init(path: "$", message: "\(decodingError)")
        }
    }

    /// Rebases a path relative to `$` onto `prefix` (`$.port` under `$.plugins[1].config`).
    public func prefixed(with prefix: String) -> ConfigurationError {
        guard prefix != "$" else { return self }
        var copy = self
        copy.path = prefix + path.dropFirst()
        return copy
    }
}
