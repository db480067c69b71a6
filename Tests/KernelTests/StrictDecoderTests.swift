import Foundation
import Kernel
import Testing

@Suite("StrictDecoder")
struct StrictDecoderTests {
    enum Mode: String, Codable, CaseIterable { case fast, careful }

    struct Inner: Codable, Equatable {
        var port: Int
        var mode: Mode?
    }

    struct Outer: Codable, Equatable {
        var name: String
        var items: [Inner]
        var free: [String: JSONValue]?
    }

    func decode(_ json: String) throws -> Outer {
        try StrictDecoder.decode(Outer.self, from: Data(json.utf8))
    }

    func error(_ json: String) -> ConfigurationError? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func decodesValidDocuments() throws {
        let value = try decode(#"{"name":"a","items":[{"port":80,"mode":"fast"}],"free":{"anything":[1,{"x":null}]}}"#)
        #expect(value == Outer(name: "a", items: [Inner(port: 80, mode: .fast)], free: ["anything": .array([.number(1), .object(["x": .null])])]))
    }

    @Test func namesTheUnknownKeyWithItsPathAndTheAllowedKeys() {
        let failure = error(#"{"name":"a","items":[{"port":80},{"port":81,"prot":1}]}"#)
        #expect(failure?.path == "$.items[1].prot")
        #expect(failure?.allowedValues == ["mode", "port"])
    }

    @Test func namesEnumerationValues() {
        let failure = error(#"{"name":"a","items":[{"port":80,"mode":"slow"}]}"#)
        #expect(failure?.path == "$.items[0].mode")
        #expect(failure?.allowedValues == ["fast", "careful"])
    }

    @Test func refusesWrongTypesAndFractionalIntegers() {
        #expect(error(#"{"name":1,"items":[]}"#)?.message == "expected a string, found a number")
        #expect(error(#"{"name":"a","items":[{"port":80.5}]}"#)?.path == "$.items[0].port")
        #expect(error(#"{"name":"a","items":{}}"#)?.message == "expected an array, found an object")
    }

    @Test func namesMissingValues() {
        let failure = error(#"{"items":[]}"#)
        #expect(failure?.path == "$.name")
        #expect(failure?.message == "missing required value")
    }

    @Test func prefixesPathsWithTheDocumentLocation() throws {
        #expect(throws: ConfigurationError(path: "$.plugins[3].config.port", message: "expected an integer, found a string")) {
            try StrictDecoder.decode(Inner.self, from: .object(["port": .string("80")]), path: "$.plugins[3].config")
        }
    }

    @Test func refusesInvalidJSON() {
        #expect(error("{nope")?.message == "not valid JSON")
    }
}

@Suite("Identifiers and JSON text")
struct IdentifierAndJSONTextTests {
    @Test func identifiersPrintAsLowerCaseCanonicalUUIDs() {
        for _ in 0..<100 {
            let id = MonitorID.random()
            #expect(id.description == id.rawValue.uuidString.lowercased())
            #expect(MonitorID(id.description) == id)
        }
    }

    @Test func jsonTextEscapesAndRoundTrips() throws {
        let value = JSONValue.object(["plain": .string("a b/c"), "quote": .string("say \"hi\"\\"), "control": .string("line\nnext\u{01}"),
                                      "unicode": .string("Zürich ☃"), "numbers": .array([.number(3), .number(0.25), .number(-1e-7)]),
                                      "nested": .object(["t": .bool(true), "n": .null])])
        #expect(try JSONValue.parse(Data(value.jsonText.utf8)) == value)
        #expect(JSONValue.string("x\u{01}").jsonText == #""x\u0001""#)
    }
}

@Suite("JSON merge patch (RFC 7386)")
struct MergePatchTests {
    @Test func theRFCExamples() throws {
        let cases: [(String, String, String)] = [
            (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
            (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
            (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
            (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
            (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
            (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
            (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
            (#"{"e":null}"#, #"{"a":1}"#, #"{"a":1,"e":null}"#),
            (#"{"a":"foo"}"#, #"null"#, #"null"#),
            (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
        ]
        for (target, patch, expected) in cases {
            let result = try JSONValue.parse(Data(target.utf8)).merged(with: JSONValue.parse(Data(patch.utf8)))
            #expect(result == (try JSONValue.parse(Data(expected.utf8))), "\(target) + \(patch)")
        }
    }
}
