import Foundation
import Kernel
import TLSSupport

extension HTTPOptions {
    /// The largest request body accepted.
    static let maximumRequestBodyBytes = 1 << 20
    /// The largest `maxBodyBytes`.
    static let maximumResponseBodyBytes = 64 << 20

    /// Checks every field at creation time; throws `ValidationError` naming `config.<key>`.
    func validate() throws {
        var issues: [FieldIssue] = []
        func issue(_ field: String, _ message: String, allowed: [String]? = nil) {
            issues.append(.init(field: "config." + field, message: message, allowedValues: allowed))
        }
        if !Self.methods.contains(method) { issue("method", "'\(method)' is not supported", allowed: Self.methods) }
        for (group, fields) in [("headers", headers), ("secretHeaders", secretHeaders)] {
            for (name, value) in fields {
                if !Self.isToken(name) { issue("\(group).\(name)", "is not a valid header name (letters, digits and !#$%&'*+-.^_`|~)") }
                if Self.hasLineBreak(value) { issue("\(group).\(name)", "must not contain CR, LF or NUL") }
                if value.utf8.count > 8192 { issue("\(group).\(name)", "must be at most 8192 bytes") }
            }
        }
        if headers.count + secretHeaders.count > 64 { issue("headers", "at most 64 headers") }
        if let body, body.utf8.count > Self.maximumRequestBodyBytes {
            issue("body", "is \(body.utf8.count) bytes; at most \(Self.maximumRequestBodyBytes) are allowed")
        }
        if let basicAuth {
            if basicAuth.username.contains(":") || Self.hasLineBreak(basicAuth.username) {
                issue("basicAuth.username", "must not contain ':', CR, LF or NUL")
            }
            if Self.hasLineBreak(basicAuth.password) { issue("basicAuth.password", "must not contain CR, LF or NUL") }
        }
        if let bearerToken {
            if bearerToken.isEmpty || Self.hasLineBreak(bearerToken) || bearerToken.contains(" ") {
                issue("bearerToken", "must be non-empty, without spaces, CR, LF or NUL")
            }
            if basicAuth != nil { issue("bearerToken", "give basicAuth or bearerToken, not both") }
        }
        if !(0...30).contains(maxRedirects) { issue("maxRedirects", "must be 0 to 30") }
        if caFile != nil && caPEM != nil { issue("caPEM", "give caFile or caPEM, not both") }
        issues += TrustAnchorOptions.issues(caFile: caFile, caPEM: caPEM)
        if Self.hasLineBreak(userAgent) || userAgent.utf8.count > 512 { issue("userAgent", "must be at most 512 bytes without CR, LF or NUL") }
        if !(0...Self.maximumResponseBodyBytes).contains(maxBodyBytes) {
            issue("maxBodyBytes", "must be 0 to \(Self.maximumResponseBodyBytes)")
        }
        do { _ = try StatusExpectation(expectStatus) } catch {
            issue("expectStatus", "'\(error.entry)' is not a status code (200), range (200-299) or class (2xx)")
        }
        if expectStatus.isEmpty { issue("expectStatus", "must list at least one status code, range or class") }
        if let bodyRegex {
            do { _ = try NSRegularExpression(pattern: bodyRegex) } catch {
                issue("bodyRegex", "is not a valid regular expression")
            }
        }
        for (index, assertion) in json.enumerated() {
            do { _ = try JSONPath(parsing: assertion.path) } catch { issue("json[\(index)].path", error.message) }
            if assertion.equals == nil && assertion.exists == nil { issue("json[\(index)]", "give equals or exists") }
        }
        for (name, value) in expectHeaders where !Self.isToken(name) || Self.hasLineBreak(value) {
            issue("expectHeaders.\(name)", "must be a header name and a value without CR, LF or NUL")
        }
        if let degradedAfter, !(degradedAfter > 0 && degradedAfter <= 3600) {
            issue("degradedAfter", "must be more than 0 and at most 3600 seconds")
        }
        if !(0...3650).contains(certificateWarningDays) { issue("certificateWarningDays", "must be 0 to 3650") }
        guard issues.isEmpty else { throw ValidationError(issues) }
    }

    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func hasLineBreak(_ value: String) -> Bool { value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 } }
}
