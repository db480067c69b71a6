import Foundation

/// The `Decoder` behind `StrictDecoder`.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let tracker: KeyTracker
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch("an object", codingPath) }
        tracker.register(path: codingPath, keys: members.keys.sorted())
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch("an array", codingPath) }
        return UnkeyedContainer(elements: elements, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValue(decoder: self) }

    func mismatch(_ expected: String, _ path: [any CodingKey], found: JSONValue? = nil) -> ConfigurationError {
        ConfigurationError(path: JSONPath.render(path), message: "expected \(expected), found \((found ?? value).typeDescription)")
    }

    /// Decodes a value at a path, giving enumerations their allowed values in errors.
    func decodeValue<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self, let same = value as? T { return same }
        let child = JSONValueDecoder(value: value, codingPath: codingPath, tracker: tracker)
        do {
            return try T(from: child)
        } catch DecodingError.dataCorrupted(let context) {
            if let enumeration = T.self as? any (CaseIterable & RawRepresentable).Type {
                let shown = if case .string(let text) = value { "'\(text)'" } else { value.typeDescription }
                throw ConfigurationError(path: JSONPath.render(codingPath), message: "\(shown) is not an allowed value",
                                         allowedValues: caseNames(enumeration))
            }
            throw ConfigurationError(path: JSONPath.render(context.codingPath), message: context.debugDescription)
        }
    }

    func number<N: BinaryInteger>(_ type: N.Type, _ path: [any CodingKey]) throws -> N {
        guard case .number(let double) = value else { throw mismatch("an integer", path) }
        guard double.rounded() == double, let exact = N(exactly: double) else {
            throw ConfigurationError(path: JSONPath.render(path), message: "expected an integer in range of \(N.self), found \(double)")
        }
        return exact
    }
}

private func caseNames<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> [String] {
    E.allCases.map { "\($0.rawValue)" }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let decoder: JSONValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        decoder.tracker.askedAll(at: codingPath)
        return members.keys.sorted().compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        decoder.tracker.asked(key.stringValue, at: codingPath)
        return members[key.stringValue] != nil
    }

    private func member(_ key: Key) throws -> JSONValue {
        decoder.tracker.asked(key.stringValue, at: codingPath)
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing required value"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.tracker.asked(key.stringValue, at: codingPath)
        if case .null = members[key.stringValue] ?? .null { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decodeValue(T.self, from: try member(key), codingPath: codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        decoder.tracker.asked(key.stringValue, at: codingPath)
        guard let value = members[key.stringValue] else { return nil }
        if case .null = value { return nil }
        return try decoder.decodeValue(T.self, from: value, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(value: try member(key), codingPath: codingPath + [key], tracker: decoder.tracker).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(value: try member(key), codingPath: codingPath + [key], tracker: decoder.tracker).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(value: try member(key), codingPath: codingPath + [key], tracker: decoder.tracker)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let decoder: JSONValueDecoder
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONValue], decoder: JSONValueDecoder) {
        self.elements = elements
        self.decoder = decoder
    }

    private mutating func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: codingPath, debugDescription: "array has too few elements"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [AnyCodingKey(index: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try decoder.decodeValue(T.self, from: value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try JSONValueDecoder(value: value, codingPath: path, tracker: decoder.tracker).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try JSONValueDecoder(value: value, codingPath: path, tracker: decoder.tracker).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return JSONValueDecoder(value: value, codingPath: path, tracker: decoder.tracker)
    }
}

private struct SingleValue: SingleValueDecodingContainer {
    let decoder: JSONValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let value) = decoder.value else { throw decoder.mismatch("a boolean", codingPath) }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let value) = decoder.value else { throw decoder.mismatch("a string", codingPath) }
        return value
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let value) = decoder.value else { throw decoder.mismatch("a number", codingPath) }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.number(Int.self, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.number(Int8.self, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.number(Int16.self, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.number(Int32.self, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.number(Int64.self, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.number(UInt.self, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.number(UInt8.self, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.number(UInt16.self, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.number(UInt32.self, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.number(UInt64.self, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeValue(T.self, from: decoder.value, codingPath: codingPath)
    }
}
