/// The enabled probes by kind: what monitors and one-shot probes can use.
public struct ProbeDirectory: Sendable {
    private let runners: [String: ProbeRunner]

    /// Creates a directory; a later runner with the same kind replaces an earlier one.
    public init(_ runners: [ProbeRunner]) {
        var table: [String: ProbeRunner] = [:]
        for runner in runners { table[runner.kind] = runner }
        for runner in runners {
            for alias in runner.aliases where table[alias] == nil { table[alias] = runner }
        }
        self.runners = table
    }

    /// The kinds available, sorted.
    public var kinds: [String] { runners.keys.sorted() }

    /// The runner for a kind, or nil.
    public func runner(for kind: String) -> ProbeRunner? { runners[kind] }

    /// Validates and prepares a probe; throws `ValidationError` naming `kind`, `target` or
    /// `config.<key>`.
    public func prepare(kind: String, target: String, timeout: Double, config: JSONValue) throws -> PreparedProbe {
        guard let runner = runners[kind] else {
            throw ValidationError(field: "kind", "no enabled probe of kind '\(kind)'", allowedValues: kinds)
        }
        return try runner.prepare(target: target, timeout: timeout, config: config)
    }
}
