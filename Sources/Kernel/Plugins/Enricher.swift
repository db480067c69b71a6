/// Adds what is known about IP addresses to what Vantage stores: GeoIP (`enricher.geoip`),
/// and whatever a third party writes (an IPAM, a CMDB).
///
/// The host runs every enabled enricher between a probe and whatever records its result
/// (`AddressEnrichment`): the responders of route hops (`probe.traceroute`, `probe.mtr`,
/// `probe.mtr_ssh`) get a `geo` member, and ingested connections their sources' and
/// destinations'. Lookups run on the result path, so keep them fast (cache, memory-map) and
/// never throw: an address the enricher knows nothing about is left out of the answer.
public protocol Enricher: Plugin {
    /// What is known about each of `addresses` (IPv4 or IPv6 text), keyed by the address as
    /// given; addresses with nothing known are absent.
    func annotations(for addresses: [String]) async -> [String: AddressAnnotation]
    /// Nil when the enricher answers; otherwise why it cannot (no database), shown by
    /// `/health/ready`. A server whose enrichers cannot answer still runs, without their fields.
    func unavailableReason() async -> String?
}

extension Enricher {
    /// Always available.
    public func unavailableReason() async -> String? { nil }
}
