import Foundation
import Kernel
@testable import ProbeHTTP
import Testing

/// Bad input is refused at creation time naming the field, never a failure at run time.
struct HTTPValidationTests {
    @Test("malformed targets and options", arguments: [
        ("not a url", HTTPOptions(), "target"),
        ("ftp://example.net/", HTTPOptions(), "target"),
        ("http://", HTTPOptions(), "target"),
        ("https://user:pass@example.net/", HTTPOptions(), "target"),
        ("http://exa_mple..net/", HTTPOptions(), "target"),
        ("http://0.0.0.0/", HTTPOptions(), "target"),
        ("http://example.net/", HTTPOptions(method: "BREW"), "config.method"),
        ("http://example.net/", HTTPOptions(headers: ["X-Evil": "a\r\nInjected: 1"]), "config.headers.X-Evil"),
        ("http://example.net/", HTTPOptions(headers: ["Bad Name": "x"]), "config.headers.Bad Name"),
        ("http://example.net/", HTTPOptions(body: String(repeating: "x", count: (1 << 20) + 1)), "config.body"),
        ("http://example.net/", HTTPOptions(bodyRegex: "(unclosed"), "config.bodyRegex"),
        ("http://example.net/", HTTPOptions(json: [.init(path: "db.ok", exists: true)]), "config.json[0].path"),
        ("http://example.net/", HTTPOptions(json: [.init(path: "$.a[", exists: true)]), "config.json[0].path"),
        ("http://example.net/", HTTPOptions(json: [.init(path: "$.a")]), "config.json[0]"),
        ("http://example.net/", HTTPOptions(expectStatus: ["2xx", "600"]), "config.expectStatus"),
        ("http://example.net/", HTTPOptions(expectStatus: ["299-200"]), "config.expectStatus"),
        ("http://example.net/", HTTPOptions(maxRedirects: 99), "config.maxRedirects"),
        ("http://example.net/", HTTPOptions(maxBodyBytes: -1), "config.maxBodyBytes"),
        ("http://example.net/", HTTPOptions(bearerToken: "a\nb"), "config.bearerToken"),
        ("http://example.net/", HTTPOptions(basicAuth: .init(username: "a:b", password: "p")), "config.basicAuth.username"),
        ("http://example.net/", HTTPOptions(caPEM: "garbage"), "config.caPEM"),
        ("http://example.net/", HTTPOptions(degradedAfter: 0), "config.degradedAfter"),
        ("http://example.net/", HTTPOptions(userAgent: "a\r\nb"), "config.userAgent"),
    ])
    func refused(_ target: String, _ options: HTTPOptions, _ field: String) throws {
        let probe = try HTTPProbe()
        let error = try #require(throws: Kernel.ValidationError.self) { try probe.validate(target: target, options: options) }
        #expect(error.issues.map(\.field).contains(field), "\(error.issues)")
    }

    @Test("an unsupported scheme lists the allowed ones")
    func schemes() throws {
        let error = try #require(throws: Kernel.ValidationError.self) { try HTTPProbe().validate(target: "gopher://x/", options: .init()) }
        #expect(error.issues.first?.allowedValues == ["http", "https"])
    }

    @Test("good targets pass, IPv6 literals included")
    func accepted() throws {
        let probe = try HTTPProbe()
        for target in ["http://example.net", "https://example.net:8443/health?full=1", "http://[2001:db8::1]:8080/", "HTTPS://Example.NET/"] {
            try probe.validate(target: target, options: HTTPOptions())
        }
        let url = try HTTPURL(parsing: "http://[2001:db8::1]:8080/a?b=c")
        #expect(url.host == "2001:db8::1")
        #expect(url.hostHeader == "[2001:db8::1]:8080")
        #expect(url.requestTarget == "/a?b=c")
    }

    @Test("JSON paths read keys, quoted keys and indexes")
    func jsonPath() throws {
        let document = try JSONValue.parse(Data(#"{"a":{"b c":[10,{"d":true}]}}"#.utf8))
        #expect(try JSONPath(parsing: "$.a['b c'][1].d").value(in: document) == .bool(true))
        #expect(try JSONPath(parsing: "$.a['b c'][0]").value(in: document) == .number(10))
        #expect(try JSONPath(parsing: "$").value(in: document) == document)
        #expect(try JSONPath(parsing: "$.a.x").value(in: document) == nil)
    }

    @Test("sample.json decodes strictly and its monitor validates")
    func sample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/HTTP/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        let configuration = try StrictDecoder.decode(HTTPConfiguration.self, from: sample["plugin"]?["config"] ?? .emptyObject)
        let monitor = try #require(sample["monitor"]?.objectValue)
        let options = try StrictDecoder.decode(HTTPOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.json.count == 1)
        try HTTPProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }
}
