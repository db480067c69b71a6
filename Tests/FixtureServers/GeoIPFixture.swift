import Foundation

/// MaxMind databases written for a test by PyPI mmdb-writer (`Tests/Fixtures/geoip/`), in the
/// shape of MaxMind's own GeoLite2 files, with networks the test chooses.
public enum GeoIPFixture {
    /// One network and its record, in the database's own shape.
    public struct Network: Sendable {
        /// The network in CIDR notation (`198.51.100.0/24`, `2001:db8::/32`).
        public var network: String
        /// The record as JSON text.
        public var recordJSON: String

        /// A network with a record given as JSON text.
        public init(network: String, recordJSON: String) {
            self.network = network
            self.recordJSON = recordJSON
        }

        /// A GeoLite2-City record.
        public static func city(_ network: String, countryCode: String, country: String, city: String,
                                latitude: Double, longitude: Double) -> Network {
            Network(network: network, recordJSON: """
                {"country": {"iso_code": "\(countryCode)", "names": {"en": "\(country)", "de": "x"}},
                 "city": {"names": {"en": "\(city)"}},
                 "location": {"latitude": \(latitude), "longitude": \(longitude), "accuracy_radius": 20}}
                """)
        }

        /// A GeoLite2-ASN record.
        public static func asn(_ network: String, number: Int, organization: String) -> Network {
            Network(network: network, recordJSON: """
                {"autonomous_system_number": \(number), "autonomous_system_organization": "\(organization)"}
                """)
        }
    }

    /// Writes `networks` as a database of `databaseType` (`GeoLite2-City`, `GeoLite2-ASN`) to
    /// `path`, replacing any file there by rename as geoipupdate does.
    public static func write(_ databaseType: String, networks: [Network], to path: String) async throws {
        let python = try await fixturePython()
        let spec = "{\"databaseType\": \"\(databaseType)\", \"networks\": ["
            + networks.map { "{\"network\": \"\($0.network)\", \"record\": \($0.recordJSON)}" }.joined(separator: ", ") + "]}"
        let specPath = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-mmdb-\(UUID().uuidString).json").path
        try Data(spec.utf8).write(to: URL(fileURLWithPath: specPath))
        defer { unlink(specPath) }
        let script = FixturePaths.fixtures.appendingPathComponent("geoip/write-mmdb.py").path
        let result = try await FixturePaths.runDetached(python, [script, specPath, path])
        guard result.status == 0 else { throw FixtureError(message: "write-mmdb.py failed (\(result.status)): \(result.output)") }
    }

    /// The python3 with mmdb-writer (`Tests/Fixtures/geoip/fixture-python.sh`).
    private static func fixturePython() async throws -> String {
        let script = FixturePaths.fixtures.appendingPathComponent("geoip/fixture-python.sh").path
        let result = try await FixturePaths.capture("/bin/bash", [script])
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !path.isEmpty else {
            throw FixtureError(message: "no python3 with mmdb-writer (PyPI): \(result.stderr)")
        }
        return path
    }
}
