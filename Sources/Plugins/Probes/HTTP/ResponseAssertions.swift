import Foundation
import Kernel

/// The checks a response must pass: status, body texts, regular expression, JSON paths and
/// headers. Every check is evaluated and listed; the first that fails gives the failure.
struct ResponseAssertions {
    /// One evaluated check.
    struct Check {
        var name: String
        var passed: Bool
        var failure: ProbeFailure?

        var json: JSONValue {
            var fields: [String: JSONValue] = ["check": .string(name), "passed": .bool(passed)]
            if let failure { fields["reason"] = .string(failure.message) }
            return .object(fields)
        }
    }

    let options: HTTPOptions

    func evaluate(status: Int, reason: String, headers: [(name: String, value: String)], body: [UInt8], truncated: Bool) -> [Check] {
        var checks: [Check] = []
        func add(_ name: String, _ passed: Bool, _ code: String, _ message: @autoclosure () -> String) {
            checks.append(Check(name: name, passed: passed, failure: passed ? nil : ProbeFailure(code: code, message: message())))
        }
        if let expectation = try? StatusExpectation(options.expectStatus) {
            add("status", expectation.accepts(status), "status_mismatch",
                "the server answered \(status)\(reason.isEmpty ? "" : " \(reason)"); expected \(expectation.text)")
        }
        let needsText = !options.bodyContains.isEmpty || !options.bodyNotContains.isEmpty || options.bodyRegex != nil
        let text = needsText ? String(decoding: body, as: UTF8.self) : ""
        let scope = truncated ? " (in the first \(body.count) bytes read)" : ""
        for needle in options.bodyContains {
            add("bodyContains", text.contains(needle), "body_mismatch", "the body does not contain '\(needle)'\(scope)")
        }
        for needle in options.bodyNotContains {
            add("bodyNotContains", !text.contains(needle), "body_mismatch", "the body contains '\(needle)'")
        }
        if let pattern = options.bodyRegex, let regex = try? NSRegularExpression(pattern: pattern) {
            let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            add("bodyRegex", found, "body_mismatch", "the body does not match /\(pattern)/\(scope)")
        }
        if !options.json.isEmpty { checks += jsonChecks(body, truncated: truncated) }
        for (name, expected) in options.expectHeaders.sorted(by: { $0.key < $1.key }) {
            let values = headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
            if values.isEmpty {
                add("header", false, "header_mismatch", "the response has no \(name) header")
            } else {
                add("header", values.contains(expected), "header_mismatch",
                    "\(name) is '\(values.joined(separator: ", "))'; expected '\(expected)'")
            }
        }
        return checks
    }

    private func jsonChecks(_ body: [UInt8], truncated: Bool) -> [Check] {
        guard let document = try? JSONValue.parse(Data(body)) else {
            let why = truncated ? "the body was cut at maxBodyBytes (\(options.maxBodyBytes)) and is not complete JSON" : "the body is not JSON"
            return [Check(name: "json", passed: false, failure: ProbeFailure(code: "json_mismatch", message: why))]
        }
        return options.json.map { assertion in
            guard let path = try? JSONPath(parsing: assertion.path) else {
                return Check(name: "json", passed: false, failure: ProbeFailure(code: "json_mismatch", message: "bad path \(assertion.path)"))
            }
            let found = path.value(in: document)
            if let exists = assertion.exists, (found != nil) != exists {
                let message = exists ? "\(path) does not exist in the body" : "\(path) exists in the body"
                return Check(name: "json", passed: false, failure: ProbeFailure(code: "json_mismatch", message: message))
            }
            if let expected = assertion.equals {
                guard let found else {
                    return Check(name: "json", passed: false, failure: ProbeFailure(code: "json_mismatch", message: "\(path) does not exist in the body"))
                }
                if found != expected {
                    return Check(name: "json", passed: false, failure: ProbeFailure(
                        code: "json_mismatch", message: "\(path) is \(found.jsonText.prefix(200)); expected \(expected.jsonText.prefix(200))"))
                }
            }
            return Check(name: "json", passed: true, failure: nil)
        }
    }
}
