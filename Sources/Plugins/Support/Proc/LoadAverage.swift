/// `/proc/loadavg`: `0.20 0.18 0.12 1/80 11206` — the run-queue averages over 1, 5 and 15
/// minutes, runnable and total scheduling entities, and the last process id used.
public struct LoadAverage: Sendable, Hashable, Codable {
    /// The average over one minute.
    public var one: Double
    /// The average over five minutes.
    public var five: Double
    /// The average over fifteen minutes.
    public var fifteen: Double
    /// Runnable tasks now.
    public var runnable: UInt64?
    /// Tasks that exist now.
    public var tasks: UInt64?

    /// Creates a load average.
    public init(one: Double, five: Double, fifteen: Double, runnable: UInt64? = nil, tasks: UInt64? = nil) {
        self.one = one
        self.five = five
        self.fifteen = fifteen
        self.runnable = runnable
        self.tasks = tasks
    }

    /// Reads `/proc/loadavg`; the three averages are required, the rest optional.
    public static func parse(_ text: some StringProtocol) throws -> LoadAverage {
        let file = "/proc/loadavg"
        guard let line = try ProcText.lines(text, file: file).first else { throw ProcParseError(file: file, message: "is empty") }
        let fields = ProcText.fields(line)
        guard fields.count >= 3, let one = ProcText.decimal(fields[0]), let five = ProcText.decimal(fields[1]),
              let fifteen = ProcText.decimal(fields[2]) else {
            throw ProcParseError(file: file, line: 1, message: "needs three load averages such as 0.20 0.18 0.12")
        }
        var load = LoadAverage(one: one, five: five, fifteen: fifteen)
        if fields.count >= 4 {
            let counts = fields[3].split(separator: "/", omittingEmptySubsequences: false)
            if counts.count == 2 {
                load.runnable = ProcText.counter(counts[0])
                load.tasks = ProcText.counter(counts[1])
            }
        }
        return load
    }
}
