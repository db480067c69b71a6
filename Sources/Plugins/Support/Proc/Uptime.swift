/// `/proc/uptime`: `350735.47 234388.90` — seconds since boot, and the idle seconds summed
/// over every CPU.
public struct Uptime: Sendable, Hashable, Codable {
    /// Seconds since boot.
    public var seconds: Double
    /// Seconds every CPU spent idle, summed (may exceed `seconds` on several CPUs).
    public var idleSeconds: Double?

    /// Creates an uptime.
    public init(seconds: Double, idleSeconds: Double? = nil) {
        self.seconds = seconds
        self.idleSeconds = idleSeconds
    }

    /// Reads `/proc/uptime`.
    public static func parse(_ text: some StringProtocol) throws -> Uptime {
        let file = "/proc/uptime"
        guard let line = try ProcText.lines(text, file: file).first,
              let first = ProcText.fields(line).first, let seconds = ProcText.decimal(first) else {
            throw ProcParseError(file: file, line: 1, message: "needs the seconds since boot, such as 350735.47")
        }
        let fields = ProcText.fields(line)
        return Uptime(seconds: seconds, idleSeconds: fields.count > 1 ? ProcText.decimal(fields[1]) : nil)
    }
}
