import Kernel

extension HostSnapshot {
    /// The snapshot as a collector returns it: the samples, and details holding `system`,
    /// `processes` (most CPU first), `interval` (seconds the rates cover; null: since boot)
    /// and `problems`.
    public var collectorReading: CollectorReading {
        var details: [String: JSONValue] = [
            "system": (try? JSONValue(encoding: system)) ?? .null,
            "processes": .array(HostProcess.sorted(processes, by: .cpu, limit: .max).map(\.json)),
            "interval": interval.map(JSONValue.number) ?? .null,
        ]
        if !problems.isEmpty { details["problems"] = .array(problems.map(JSONValue.string)) }
        return CollectorReading(samples: samples, details: .object(details))
    }
}
