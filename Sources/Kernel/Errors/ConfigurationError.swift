/// A configuration file or value could not be used. Names the file, the JSON path and,
/// when the value has a closed set, the allowed values.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file the value came from, if any.
    public var file: String?
    /// The JSON path of the value: `$.plugins[2].config.timeout`.
    public var path: String
    /// What is wrong.
    public var message: String
    /// The values that would be accepted, when there is a closed set.
    public var allowedValues: [String]

    /// Creates an error.
    public init(file: String? = nil, path: String, message: String, allowedValues: [String] = []) {
        self.file = file
        self.path = path
        self.message = message
        self.allowedValues = allowedValues
    }

    /// The same error attributed to a file.
    public func inFile(_ file: String) -> ConfigurationError {
        var copy = self
        copy.file = file
        return copy
    }

    public var description: String {
        var text = file.map { "\($0): " } ?? ""
        text += "\(path): \(message)"
        if !allowedValues.isEmpty { text += " (allowed: \(allowedValues.joined(separator: ", ")))" }
        return text
    }
}
