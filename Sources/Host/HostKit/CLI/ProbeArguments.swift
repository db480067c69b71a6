import Kernel

/// A probe's own command-line flags and positional argument, read against what the probe
/// declares (`ReportingProbe`). A flag another probe takes is refused naming those probes.
struct ProbeArguments {
    let arguments: [String]
    let reporting: ProbeReporting?
    let catalog: PluginCatalog

    init(_ arguments: [String], reporting: ProbeReporting?, catalog: PluginCatalog) {
        self.arguments = arguments
        self.reporting = reporting
        self.catalog = catalog
    }

    /// Applies every flag and the argument to the options and the plugin configuration.
    func apply(to options: inout [String: JSONValue], plugin: inout [String: JSONValue]) throws {
        let flags = reporting?.flags ?? []
        var positionalTaken = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument.count > 1, Double(argument) == nil else {
                guard let positional = reporting?.argument, !positionalTaken else { throw unexpected(argument) }
                options[positional.option] = .string(argument)
                positionalTaken = true
                continue
            }
            var name = argument.hasPrefix("--") ? String(argument.dropFirst(2)) : String(argument.dropFirst())
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            let shown = argument.hasPrefix("--") ? "--\(name)" : "-\(name)"
            let long = argument.hasPrefix("--")
            guard let flag = flags.first(where: { $0.isCalled(name, long: long) }) else { throw unknown(shown, name: name, long: long) }
            if flag.takesValue, value == nil {
                guard index < arguments.count else { throw Kernel.ValidationError(field: shown, "needs a value") }
                value = arguments[index]
                index += 1
            }
            try flag.apply(value, &options, &plugin)
        }
    }

    /// A flag this probe does not take: name the probes that do, or list this probe's flags.
    private func unknown(_ shown: String, name: String, long: Bool) -> Kernel.ValidationError {
        let takers = catalog.registrations.filter { registration in
            registration.reporting?.flags.contains { $0.isCalled(name, long: long) } ?? false
        }.map(\.id.name)
        if !takers.isEmpty {
            let list = takers.count == 1 ? takers[0] : takers.dropLast().joined(separator: ", ") + " and " + takers.last!
            return Kernel.ValidationError(field: shown, "only the \(list) probe\(takers.count == 1 ? "" : "s") take\(takers.count == 1 ? "s" : "") \(shown)")
        }
        let own = (reporting?.flags ?? []).map { "--\($0.name)" }
        return Kernel.ValidationError(field: shown, "unknown option", allowedValues: own.isEmpty ? nil : own)
    }

    /// A positional argument this probe does not take.
    private func unexpected(_ argument: String) -> Kernel.ValidationError {
        let others = catalog.registrations.compactMap { registration in registration.reporting?.argument.map { (registration.id.name, $0.name) } }
        if let (probe, name) = others.first {
            return Kernel.ValidationError(field: name, "only `vantage probe \(probe) TARGET \(name)` takes a third argument; found '\(argument)'")
        }
        return Kernel.ValidationError(field: "ARGUMENT", "unexpected argument '\(argument)'")
    }
}
