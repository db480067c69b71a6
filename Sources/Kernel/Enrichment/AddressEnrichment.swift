/// The enrichment stage between a probe and whatever records its result: every enabled
/// enricher, in `Plugins.json` order, asked about the addresses a result or a record holds.
///
/// `ProbeDirectory` runs it on every probe result it prepares (monitors, traces, one-shot
/// probes), so the responders of route hops (`details.hops[].responders[].geo`) carry what
/// the enrichers know before the result is stored, streamed or returned.
public struct AddressEnrichment: Sendable {
    /// The enrichers, in the order their answers take precedence.
    public let enrichers: [EnricherRunner]

    /// Creates the stage; with no enrichers it changes nothing.
    public init(_ enrichers: [EnricherRunner]) { self.enrichers = enrichers }

    /// Whether no enricher is enabled.
    public var isEmpty: Bool { enrichers.isEmpty }

    /// What the enrichers know about `addresses`, merged (the first enricher's answer wins
    /// per member); addresses nothing is known about are absent.
    public func annotations(for addresses: [String]) async -> [String: AddressAnnotation] {
        guard !enrichers.isEmpty, !addresses.isEmpty else { return [:] }
        let unique = Array(Set(addresses))
        var merged: [String: AddressAnnotation] = [:]
        for enricher in enrichers {
            for (address, annotation) in await enricher.annotations(for: unique) where !annotation.isEmpty {
                merged[address] = merged[address].map { $0.merging(annotation) } ?? annotation
            }
        }
        return merged
    }

    /// `result` with the responders of its route hops annotated; a result without hops is
    /// returned as it is.
    public func enrich(_ result: ProbeResult) async -> ProbeResult {
        guard !enrichers.isEmpty, var hops = RouteHop.hops(in: result.details), var details = result.details.objectValue else { return result }
        let known = await annotations(for: hops.flatMap { $0.responders.map(\.address) })
        guard !known.isEmpty else { return result }
        for hop in hops.indices {
            for responder in hops[hop].responders.indices {
                hops[hop].responders[responder].geo = known[hops[hop].responders[responder].address]
            }
        }
        details["hops"] = .array(hops.map(\.json))
        var enriched = result
        enriched.details = .object(details)
        return enriched
    }

    /// `prepared` with its result passed through this stage; `prepared` itself when no
    /// enricher is enabled.
    public func wrapping(_ prepared: PreparedProbe) -> PreparedProbe {
        guard !isEmpty else { return prepared }
        return PreparedProbe { logger, progress, previous in
            await enrich(try await prepared.run(logger: logger, progress: progress, previous: previous))
        }
    }

    /// Why each enricher that cannot answer now cannot, by instance name.
    public func unavailableReasons() async -> [String: String] {
        var reasons: [String: String] = [:]
        for enricher in enrichers {
            if let reason = await enricher.unavailableReason() { reasons[enricher.name] = reason }
        }
        return reasons
    }
}
