import FixtureServers
import Foundation
import Kernel
import Testing

/// The hops of real traces through the namespace chain carry the country, city and ASN of a
/// GeoIP database written for the test, through `vantage probe` with enricher.geoip enabled as
/// `serve` enables it; the text output shows them as `traceroute -A` does.
@Suite(.serialized) struct GeoIPTraceTests {
    static let cities: [(network: String, code: String, country: String, city: String)] = [
        ("10.9.1.0/24", "DE", "Germany", "Berlin"), ("10.9.2.0/24", "FR", "France", "Paris"), ("10.9.3.0/24", "JP", "Japan", "Tokyo"),
        ("fd09:1::/32", "DE", "Germany", "Berlin"), ("fd09:2::/32", "FR", "France", "Paris"), ("fd09:3::/32", "JP", "Japan", "Tokyo"),
    ]

    @Test func hopsInTheNamespaceChainGetTheirCountryAndASN() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-geoip-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/geoip", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await GeoIPFixture.write("GeoLite2-City", networks: Self.cities.map {
            .city($0.network, countryCode: $0.code, country: $0.country, city: $0.city, latitude: 1, longitude: 2)
        }, to: directory + "/geoip/GeoLite2-City.mmdb")
        try await GeoIPFixture.write("GeoLite2-ASN", networks: [.asn("10.9.0.0/16", number: 64_500, organization: "Vantage Test Transit"),
                                                                .asn("fd09::/16", number: 64_500, organization: "Vantage Test Transit")],
                                     to: directory + "/geoip/GeoLite2-ASN.mmdb")
        let config = directory + "/Plugins.json"
        try Data("""
            {"server": {"dataDirectory": "\(directory)"},
             "plugins": [{"plugin": "store.sqlite"}, {"plugin": "auth.api_key"}, {"plugin": "probe.traceroute"}, {"plugin": "probe.mtr"},
                         {"plugin": "enricher.geoip"}]}
            """.utf8).write(to: URL(fileURLWithPath: config))

        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        for (target, hops) in [("10.9.3.2", NetworkTopology.hopsV4), ("fd09:3::2", NetworkTopology.hopsV6)] {
            for kind in ["traceroute", "mtr"] {
                let (outcome, _) = try await topology.probe([kind, target, "--config", config] + (kind == "mtr" ? ["-c", "2", "-i", "0.05"] : []))
                #expect(outcome.status == 0, "\(kind) \(target): \(outcome.stderr)")
                let printed = try JSONValue.parse(Data(outcome.stdout.utf8))
                let traced = try #require(RouteHop.hops(in: printed["result"]?["details"] ?? .null), "\(outcome.stdout)")
                #expect(traced.map { $0.responders.map(\.address) } == hops.map { [$0] }, "\(kind) \(target)")
                for (hop, expected) in zip(traced, ["Berlin", "Paris", "Tokyo"]) {
                    let geo = try #require(hop.responders.first?.geo, "\(kind) \(target) hop \(hop.ttl)")
                    #expect(geo.city == expected && geo.asn == 64_500 && geo.organization == "Vantage Test Transit", "\(kind) \(target): \(geo)")
                    #expect(geo.countryCode == Self.cities.first { $0.city == expected }?.code)
                }
            }
        }
        let text = try await topology.inClient([try Executables.path("vantage"), "probe", "traceroute", "10.9.3.2", "--config", config])
        #expect(text.stdout.contains("    10.9.2.2: AS64500 Vantage Test Transit, Paris, FR"), "\(text.stdout)")
    }
}
