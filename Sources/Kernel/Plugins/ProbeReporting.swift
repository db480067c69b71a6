/// A probe that decides how `vantage probe` presents it: the command-line flags it adds
/// (each mapped to one of its options) and the text it prints, live and at the end. Optional:
/// a probe without it runs from the command line with `--options` and prints the one-line
/// verdict (and `--json` prints the full result either way).
public protocol ReportingProbe: Probe {
    /// Flags `vantage probe KIND TARGET` takes for this probe (`-c 5`, `--tcp`).
    static var commandLineFlags: [ProbeFlag] { get }
    /// An optional positional argument after the target, and the option it sets
    /// (`vantage probe dns NAME TYPE` sets `type`). Default none.
    static var commandLineArgument: ProbeArgument? { get }
    /// A new report for one run; it may keep state between progress updates.
    static func makeReport() -> any ProbeReport
}

extension ReportingProbe {
    public static var commandLineFlags: [ProbeFlag] { [] }
    public static var commandLineArgument: ProbeArgument? { nil }
}

/// Text for a terminal: what a probe prints while it runs and when it ends.
public protocol ProbeReport: Sendable {
    /// Text for one progress update (it may start with ANSI codes that redraw a table when
    /// `interactive`), or nil to print nothing.
    func progress(_ update: JSONValue, interactive: Bool) -> String?
    /// Text printed before the one-line verdict when the run ends.
    func finish(_ record: ResultRecord, interactive: Bool) -> String
}

extension ProbeReport {
    public func progress(_ update: JSONValue, interactive: Bool) -> String? { nil }
}

/// A positional argument a probe takes after the target.
public struct ProbeArgument: Sendable {
    /// Its name in help and errors: `TYPE`.
    public let name: String
    /// The option it sets.
    public let option: String
    /// Help text.
    public let help: String

    /// Creates an argument.
    public init(_ name: String, option: String, help: String) {
        self.name = name
        self.option = option
        self.help = help
    }
}

/// A command-line flag of one probe, and what it does to the run's options and, rarely, to
/// the plugin's own configuration (`--cacert` sets the CA directory the file may be read from).
public struct ProbeFlag: Sendable {
    /// The long name without dashes: `count`.
    public let name: String
    /// The one-letter name, if any: `c`.
    public let short: Character?
    /// Whether it takes a value (`--count 5`) or is a switch (`--tcp`).
    public let takesValue: Bool
    /// Help text.
    public let help: String
    /// Applies the flag (with its value, for flags that take one) to the options and the
    /// plugin configuration; throws `ValidationError` naming the flag for a bad value.
    public let apply: @Sendable (_ value: String?, _ options: inout [String: JSONValue], _ plugin: inout [String: JSONValue]) throws -> Void

    /// Creates a flag with its own effect.
    public init(_ name: String, short: Character? = nil, takesValue: Bool, help: String,
                apply: @escaping @Sendable (_ value: String?, _ options: inout [String: JSONValue], _ plugin: inout [String: JSONValue]) throws -> Void) {
        self.name = name
        self.short = short
        self.takesValue = takesValue
        self.help = help
        self.apply = apply
    }

    /// Whether the flag is called `name`: its long name when `long`, else its one-letter name.
    public func isCalled(_ name: String, long: Bool) -> Bool {
        long ? self.name == name : short.map(String.init) == name
    }

    /// How a flag's value becomes an option value.
    public enum ValueType: Sendable {
        /// The text as a string.
        case string
        /// A number (`0.2`).
        case number
        /// A whole number.
        case integer
        /// The text as the only element of a list of strings.
        case stringList
    }

    /// `--name VALUE` setting `option` to the value as `type`.
    public static func value(_ name: String, short: Character? = nil, option: String, as type: ValueType = .string, help: String) -> ProbeFlag {
        ProbeFlag(name, short: short, takesValue: true, help: help) { value, options, _ in
            let text = value ?? ""
            switch type {
            case .string: options[option] = .string(text)
            case .stringList: options[option] = .array([.string(text)])
            case .number, .integer:
                guard let number = Double(text), number.isFinite, type == .number || number.rounded() == number else {
                    throw ValidationError(field: "--\(name)", "expected \(type == .integer ? "a whole number" : "a number"), found '\(text)'")
                }
                options[option] = .number(number)
            }
        }
    }

    /// A switch `--name` setting `option` to `value`.
    public static func `switch`(_ name: String, short: Character? = nil, option: String, value: JSONValue = .bool(true), help: String) -> ProbeFlag {
        ProbeFlag(name, short: short, takesValue: false, help: help) { _, options, _ in options[option] = value }
    }

    /// The pair `--name` and `--no-name`, setting the boolean `option` to true or false;
    /// `help` says what `--name` turns on, `offHelp` what `--no-name` does.
    public static func toggle(_ name: String, option: String, help: String, offHelp: String) -> [ProbeFlag] {
        [.switch(name, option: option, value: .bool(true), help: help),
         .switch("no-\(name)", option: option, value: .bool(false), help: offHelp)]
    }
}
