import Foundation

extension MonitorState {
    /// The state as JSON text, the same document `JSONEncoder` writes for it (dates as seconds
    /// since 2001, absent values left out), written directly: stores save a state with every
    /// check, and the encoder was 2.5 % of a check's CPU.
    public var jsonText: String {
        var out = "{\"status\":\"\(status.rawValue)\",\"consecutiveFailures\":\(consecutiveFailures),"
        out += "\"consecutiveSuccesses\":\(consecutiveSuccesses)"
        func date(_ key: String, _ value: Date?) {
            guard let value else { return }
            out += ",\"\(key)\":\(value.timeIntervalSinceReferenceDate)"
        }
        date("lastCheckedAt", lastCheckedAt)
        date("lastChangedAt", lastChangedAt)
        date("nextRunAt", nextRunAt)
        if let lastFailure {
            out += ",\"lastFailure\":{\"code\":"
            JSONValue.writeString(lastFailure.code, to: &out)
            out += ",\"message\":"
            JSONValue.writeString(lastFailure.message, to: &out)
            out += "}"
        }
        out += "}"
        return out
    }
}
