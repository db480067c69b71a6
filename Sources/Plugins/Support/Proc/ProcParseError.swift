/// Why a `/proc` file (or a command's output standing in for one) could not be read: the file,
/// the 1-based line when one is at fault, and what was wrong. Parsers never crash on hostile
/// or truncated text; they throw this or skip what they do not know.
public struct ProcParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as named on Linux (`/proc/stat`, `/proc/[pid]/stat`, `df -P -B1`).
    public var file: String
    /// The 1-based line at fault, when one is.
    public var line: Int?
    /// What was wrong, in words.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `/proc/stat line 3: cpu0 has 2 counters, at least 4 are needed`.
    public var description: String {
        if let line { return "\(file) line \(line): \(message)" }
        return "\(file): \(message)"
    }
}
