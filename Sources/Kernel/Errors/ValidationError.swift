/// One thing wrong with one field of a request or configuration.
public struct FieldIssue: Sendable, Codable, Hashable {
    /// The field, as a dotted path from the request body (`interval`, `config.port`).
    public var field: String
    /// What is wrong, in plain words.
    public var message: String
    /// The values the field accepts, when there is a closed set.
    public var allowedValues: [String]?

    /// Creates an issue.
    public init(field: String, message: String, allowedValues: [String]? = nil) {
        self.field = field
        self.message = message
        self.allowedValues = allowedValues
    }
}

/// A request was understood but its values are not acceptable. The API answers 422 with
/// every issue named.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem found.
    public var issues: [FieldIssue]

    /// Creates an error from its issues.
    public init(_ issues: [FieldIssue]) { self.issues = issues }

    /// Creates an error about one field.
    public init(field: String, _ message: String, allowedValues: [String]? = nil) {
        self.issues = [FieldIssue(field: field, message: message, allowedValues: allowedValues)]
    }

    public var description: String {
        issues.map { issue in
            var text = "\(issue.field): \(issue.message)"
            if let allowed = issue.allowedValues { text += " (allowed: \(allowed.joined(separator: ", ")))" }
            return text
        }.joined(separator: "; ")
    }

    /// A strict-decoding error as a request error: its JSON path (`$.port`) becomes the field
    /// under `field` (`config.port`, or `port` at the top of a body), its allowed values kept.
    public init(_ error: ConfigurationError, under field: String = "") {
        var path = String(error.path.dropFirst())
        if field.isEmpty, path.hasPrefix(".") { path.removeFirst() }
        self.init(field: field + path, error.message, allowedValues: error.allowedValues.isEmpty ? nil : error.allowedValues)
    }

    /// The same issues with their field paths placed under `prefix` (`port` → `config.port`);
    /// a field already under it (`config.port`, `config[0]`) stays as it is.
    public func nested(under prefix: String) -> ValidationError {
        ValidationError(issues.map { issue in
            var moved = issue
            if issue.field != prefix && !issue.field.hasPrefix(prefix + ".") && !issue.field.hasPrefix(prefix + "[") {
                moved.field = issue.field.isEmpty ? prefix : "\(prefix).\(issue.field)"
            }
            return moved
        })
    }
}
