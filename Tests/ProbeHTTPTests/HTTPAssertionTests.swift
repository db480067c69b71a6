import FixtureServers
import Foundation
import Kernel
@testable import ProbeHTTP
import Testing

/// Each assertion passes and fails where it should, with the right reason.
@Suite("probe.http assertions")
struct HTTPAssertionTests {
    @Test("body contains, does not contain and regular expressions", arguments: [
        (HTTPOptions(bodyContains: ["all good"]), "none", ""),
        (HTTPOptions(bodyContains: ["all bad"]), "body_mismatch", "the body does not contain 'all bad'"),
        (HTTPOptions(bodyNotContains: ["error"]), "none", ""),
        (HTTPOptions(bodyNotContains: ["good"]), "body_mismatch", "the body contains 'good'"),
        (HTTPOptions(bodyRegex: "vantage\\s+ok$"), "none", ""),
        (HTTPOptions(bodyRegex: "^\\d+$"), "body_mismatch", "the body does not match /^\\d+$/"),
    ])
    func body(_ options: HTTPOptions, _ code: String, _ message: String) async throws {
        let nginx = try await NginxFixture.shared()
        let result = try await runHTTP(nginx.http("/ok"), options)
        #expect(result.code == code)
        #expect(result.message == message)
    }

    @Test("JSON paths exist and equal", arguments: [
        ([HTTPOptions.JSONAssertion(path: "$.db.ok", equals: .bool(true))], "none", ""),
        ([.init(path: "$.version", equals: .string("1.2.3")), .init(path: "$.items[1].name", equals: .string("b"))], "none", ""),
        ([.init(path: "$['status']", exists: true), .init(path: "$.nothing", exists: false)], "none", ""),
        ([.init(path: "$.db.latency", equals: .number(3))], "none", ""),
        ([.init(path: "$.db.missing", exists: true)], "json_mismatch", "$.db.missing does not exist in the body"),
        ([.init(path: "$.status", equals: .string("down"))], "json_mismatch", "$.status is \"up\"; expected \"down\""),
        ([.init(path: "$.items[5].name", equals: .string("x"))], "json_mismatch", "$.items[5].name does not exist in the body"),
    ])
    func json(_ assertions: [HTTPOptions.JSONAssertion], _ code: String, _ message: String) async throws {
        let nginx = try await NginxFixture.shared()
        let result = try await runHTTP(nginx.http("/json"), HTTPOptions(json: assertions))
        #expect(result.code == code)
        #expect(result.message == message)
    }

    @Test("a JSON check on a body that is not JSON fails saying so")
    func notJSON() async throws {
        let nginx = try await NginxFixture.shared()
        let result = try await runHTTP(nginx.http("/ok"), HTTPOptions(json: [.init(path: "$.a", exists: true)]))
        #expect(result.message == "the body is not JSON")
    }

    @Test("header equals", arguments: [
        (["X-Fixture": "vantage"], "none", ""),
        (["content-type": "application/json"], "none", ""),
        (["Content-Type": "text/html"], "header_mismatch", "Content-Type is 'application/json'; expected 'text/html'"),
        (["X-Absent": "1"], "header_mismatch", "the response has no X-Absent header"),
    ])
    func headers(_ expected: [String: String], _ code: String, _ message: String) async throws {
        let nginx = try await NginxFixture.shared()
        let path = expected.keys.contains("X-Fixture") ? "/ok" : "/json"
        let result = try await runHTTP(nginx.http(path), HTTPOptions(expectHeaders: expected))
        #expect(result.code == code)
        #expect(result.message == message)
    }
}
