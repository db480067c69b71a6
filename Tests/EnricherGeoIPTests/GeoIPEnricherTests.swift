import EnricherGeoIP
import FixtureServers
import Foundation
import Kernel
import Logging
import Testing

/// enricher.geoip against databases written by mmdb-writer in MaxMind's own shape: what
/// lookups return, reloading without a restart, and what it says without a usable database.
@Suite("enricher.geoip")
struct GeoIPEnricherTests {
    static let berlin = GeoIPFixture.Network.city("198.51.100.0/24", countryCode: "DE", country: "Germany", city: "Berlin",
                                                  latitude: 52.52, longitude: 13.405)
    static let tokyo = GeoIPFixture.Network.city("2001:db8::/32", countryCode: "JP", country: "Japan", city: "Tokyo",
                                                 latitude: 35.6895, longitude: 139.6917)
    static let asn = GeoIPFixture.Network.asn("198.51.100.0/24", number: 64_500, organization: "Example Transit GmbH")

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-geoip-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func enricher(_ directory: String, reload: Double = 60, cache: Int = 1000) async throws -> GeoIPEnricher {
        let context = PluginContext(instanceName: "geoip", logger: Logger(label: "test"), dataDirectory: directory, events: EventBus())
        return try await GeoIPEnricher(configuration: GeoIPConfiguration(directory: directory, reloadIntervalSeconds: reload, cacheEntries: cache),
                                       context: context)
    }

    @Test func citiesCountriesAndNetworksOfIPv4AndIPv6Addresses() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await GeoIPFixture.write("GeoLite2-City", networks: [Self.berlin, Self.tokyo], to: directory + "/GeoLite2-City.mmdb")
        try await GeoIPFixture.write("GeoLite2-ASN", networks: [Self.asn], to: directory + "/GeoLite2-ASN.mmdb")
        let enricher = try await Self.enricher(directory)
        let answers = await enricher.annotations(for: ["198.51.100.7", "2001:db8::1", "::ffff:198.51.100.9", "203.0.113.9", "127.0.0.1",
                                                       "not an address", "", "198.51.100.300", "fe80::1%eth0"])
        #expect(answers["198.51.100.7"] == AddressAnnotation(countryCode: "DE", country: "Germany", city: "Berlin", latitude: 52.52,
                                                             longitude: 13.405, accuracyRadiusKm: 20, asn: 64_500,
                                                             organization: "Example Transit GmbH"))
        #expect(answers["2001:db8::1"]?.countryCode == "JP" && answers["2001:db8::1"]?.city == "Tokyo" && answers["2001:db8::1"]?.asn == nil)
        #expect(answers["::ffff:198.51.100.9"]?.countryCode == "DE", "an IPv4-mapped address is found in the IPv4 networks")
        #expect(Set(answers.keys) == ["198.51.100.7", "2001:db8::1", "::ffff:198.51.100.9"], "nothing is known of the others, and nothing is made up")
        #expect(await enricher.unavailableReason() == nil)
        // Cached answers are the same answers.
        #expect(await enricher.annotations(for: ["198.51.100.7"]) == [ "198.51.100.7": answers["198.51.100.7"]! ])
    }

    @Test func theCountryDatabaseAnswersWhenThereIsNoCityDatabase() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await GeoIPFixture.write("GeoLite2-Country", networks: [GeoIPFixture.Network(network: "203.0.113.0/24", recordJSON: """
            {"registered_country": {"iso_code": "NL", "names": {"en": "Netherlands"}}}
            """)], to: directory + "/GeoLite2-Country.mmdb")
        let answers = await (try Self.enricher(directory)).annotations(for: ["203.0.113.1"])
        #expect(answers["203.0.113.1"] == AddressAnnotation(countryCode: "NL", country: "Netherlands"), "the registered country stands in for an anycast address's country")
    }

    @Test func replacingAFileChangesTheAnswersWithoutARestart() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/GeoLite2-City.mmdb"
        try await GeoIPFixture.write("GeoLite2-City", networks: [Self.berlin], to: file)
        let enricher = try await Self.enricher(directory, reload: 0.2)
        #expect(await enricher.annotations(for: ["198.51.100.7"])["198.51.100.7"]?.city == "Berlin")
        let running = Task { try await enricher.run() }
        defer { running.cancel() }
        let paris = GeoIPFixture.Network.city("198.51.100.0/24", countryCode: "FR", country: "France", city: "Paris", latitude: 48.85, longitude: 2.35)
        try await GeoIPFixture.write("GeoLite2-City", networks: [paris], to: file)
        var city: String?
        for _ in 0..<200 {
            city = await enricher.annotations(for: ["198.51.100.7"])["198.51.100.7"]?.city
            if city == "Paris" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(city == "Paris", "the cached Berlin answer is forgotten with the old file")
        // A removed file stops its answers.
        try FileManager.default.removeItem(atPath: file)
        enricher.reload()
        #expect(await enricher.annotations(for: ["198.51.100.7"]).isEmpty)
        #expect(await enricher.unavailableReason()?.contains("no GeoIP database in \(directory)") == true)
    }

    @Test func withoutADatabaseItSaysWhereItLooked() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let enricher = try await Self.enricher(directory + "/missing")
        let reason = try #require(await enricher.unavailableReason())
        #expect(reason.contains("no GeoIP database in \(directory)/missing") && reason.contains("GeoLite2-City.mmdb") && reason.contains("update-geoip.sh"))
        #expect(await enricher.annotations(for: ["198.51.100.7"]).isEmpty)
    }

    @Test func aDamagedUpdateIsReportedAndThePreviousCopyKeepsAnswering() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/GeoLite2-City.mmdb"
        try await GeoIPFixture.write("GeoLite2-City", networks: [Self.berlin], to: file)
        let enricher = try await Self.enricher(directory)
        // A download cut short, written in place over the file that was loaded.
        let whole = try Data(contentsOf: URL(fileURLWithPath: file))
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: file))
        enricher.reload()
        let reason = try #require(await enricher.unavailableReason())
        #expect(reason.contains("GeoLite2-City.mmdb is not a MaxMind DB") && reason.contains("answering from the copy"))
        #expect(await enricher.annotations(for: ["198.51.100.7"])["198.51.100.7"]?.city == "Berlin")
    }

    @Test func truncatedAndHostileFilesNeverCrashALookup() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/source.mmdb"
        try await GeoIPFixture.write("GeoLite2-City", networks: [Self.berlin, Self.tokyo], to: source)
        let whole = try Data(contentsOf: URL(fileURLWithPath: source))
        var cases: [Data] = [Data(), Data("not a database".utf8), Data(repeating: 0xFF, count: 4096)]
        cases += stride(from: 1, to: whole.count, by: max(1, whole.count / 40)).map { whole.prefix($0) }
        var flipped = whole
        for index in stride(from: 0, to: flipped.count / 2, by: 7) { flipped[index] ^= 0x5A }
        cases.append(flipped)
        for (index, bytes) in cases.enumerated() {
            let caseDirectory = directory + "/\(index)"
            try FileManager.default.createDirectory(atPath: caseDirectory, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: caseDirectory + "/GeoLite2-City.mmdb"))
            let enricher = try await Self.enricher(caseDirectory, cache: 0)
            let answers = await enricher.annotations(for: ["198.51.100.7", "2001:db8::1", "203.0.113.1"])
            for (address, answer) in answers { #expect(!answer.isEmpty && address != "203.0.113.1", "case \(index)") }
            if index < 3 { #expect(await enricher.unavailableReason()?.contains("GeoLite2-City.mmdb is not a MaxMind DB") == true, "case \(index)") }
        }
    }

    @Test func theSampleConfigurationDecodes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Enrichers/GeoIP/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        #expect(sample["plugin"] == .string(GeoIPEnricher.id.rawValue))
        let configuration = try StrictDecoder.decode(GeoIPConfiguration.self, from: sample["config"] ?? .null)
        #expect(configuration == GeoIPConfiguration(directory: "/var/lib/GeoIP", reloadIntervalSeconds: 300, cacheEntries: 200_000))
        #expect(try StrictDecoder.decode(GeoIPConfiguration.self, from: .emptyObject) == GeoIPConfiguration())
    }

    @Test(arguments: [("{\"reloadIntervalSeconds\": 0}", "$.reloadIntervalSeconds"), ("{\"cacheEntries\": -1}", "$.cacheEntries"),
                      ("{\"directory\": \"\"}", "$.directory")])
    func badSettingsAreRefusedAtTheirPath(_ json: String, _ path: String) async throws {
        let configuration = try StrictDecoder.decode(GeoIPConfiguration.self, from: try JSONValue.parse(Data(json.utf8)))
        let error = await #expect(throws: ConfigurationError.self) {
            _ = try await GeoIPEnricher(configuration: configuration, context: PluginContext(instanceName: "geoip", logger: Logger(label: "test"),
                                                                                              dataDirectory: "/tmp", events: EventBus()))
        }
        #expect(error?.path == path)
    }
}
