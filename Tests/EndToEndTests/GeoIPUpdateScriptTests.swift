import FixtureServers
import Foundation
import Testing

/// scripts/update-geoip.sh against a stand-in for download.maxmind.com on loopback
/// (`Tests/Fixtures/geoip/maxmind-server.py`: basic authentication, MaxMind's download URLs
/// and archive layout): it installs the databases by rename, and a wrong key, a bad checksum
/// or missing credentials leave the installed files alone with a clear message.
@Suite(.serialized) struct GeoIPUpdateScriptTests {
    static let script = Executables.packageRoot.appendingPathComponent("scripts/update-geoip.sh").path

    /// A directory with MaxMind-style archives of two test databases, and the server for it.
    struct Downloads {
        let directory: String
        let port: UInt16
        let pid: pid_t

        static func start() async throws -> Downloads {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-maxmind-\(UUID().uuidString)").path
            for edition in ["GeoLite2-City", "GeoLite2-ASN"] {
                let folder = "\(directory)/build/\(edition)_20261201"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let network: GeoIPFixture.Network = edition == "GeoLite2-ASN"
                    ? .asn("198.51.100.0/24", number: 64_500, organization: "Example")
                    : .city("198.51.100.0/24", countryCode: "DE", country: "Germany", city: "Berlin", latitude: 1, longitude: 2)
                try await GeoIPFixture.write(edition, networks: [network], to: "\(folder)/\(edition).mmdb")
                try Data("Database and Contents Copyright (c) MaxMind, Inc.\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/COPYRIGHT.txt"))
                let tar = try await Executables.run("/bin/tar", ["-czf", "\(directory)/\(edition).tar.gz", "-C", "\(directory)/build", "\(edition)_20261201"])
                #expect(tar.status == 0, "\(tar.stderr)")
            }
            let log = directory + "/server.log"
            let pid = try FixturePaths.spawn("/usr/bin/env", ["python3", FixturePaths.fixtures.appendingPathComponent("geoip/maxmind-server.py").path,
                                                              directory, "123456", "license-key-1"], output: log)
            for _ in 0..<100 {
                if let port = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").first.flatMap({ UInt16($0) }) {
                    return Downloads(directory: directory, port: port, pid: pid)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw FixtureError(message: "maxmind-server.py did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }

        func stop() {
            kill(pid, SIGTERM)
            try? FileManager.default.removeItem(atPath: directory)
        }

        func update(into target: String, key: String? = "license-key-1") async throws -> Executables.Outcome {
            var environment = ["MAXMIND_DOWNLOAD_URL": "http://127.0.0.1:\(port)/geoip/databases", "GEOIP_EDITIONS": "GeoLite2-City GeoLite2-ASN",
                               "MAXMIND_ACCOUNT_ID": "", "MAXMIND_LICENSE_KEY": "", "MAXMIND_USER_ID": "", "MAXMIND_API_KEY": ""]
            if let key {
                environment["MAXMIND_ACCOUNT_ID"] = "123456"
                environment["MAXMIND_LICENSE_KEY"] = key
            }
            return try await Executables.run("/bin/bash", [GeoIPUpdateScriptTests.script, target], environment: environment)
        }

        func built(_ edition: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: "\(directory)/build/\(edition)_20261201/\(edition).mmdb"))
        }
    }

    @Test func installsTheDatabasesAndRefusesBadDownloadsWithoutTouchingThem() async throws {
        let downloads = try await Downloads.start()
        defer { downloads.stop() }
        let target = downloads.directory + "/data/geoip"

        let first = try await downloads.update(into: target)
        #expect(first.status == 0, "\(first.stderr)")
        for edition in ["GeoLite2-City", "GeoLite2-ASN"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(target)/\(edition).mmdb")) == (try downloads.built(edition)))
        }
        let installed = try Data(contentsOf: URL(fileURLWithPath: "\(target)/GeoLite2-City.mmdb"))

        let wrongKey = try await downloads.update(into: target, key: "not-the-key")
        #expect(wrongKey.status != 0 && wrongKey.stderr.contains("401"), "\(wrongKey.stderr)")

        try Data("0000000000000000000000000000000000000000000000000000000000000000  GeoLite2-City_20261201.tar.gz\n".utf8)
            .write(to: URL(fileURLWithPath: downloads.directory + "/GeoLite2-City.tar.gz.sha256"))
        let corrupted = try await downloads.update(into: target)
        #expect(corrupted.status == 1 && corrupted.stderr.contains("SHA-256 mismatch"), "\(corrupted.stderr)")

        let unconfigured = try await downloads.update(into: target, key: nil)
        #expect(unconfigured.status == 2 && unconfigured.stderr.contains("MAXMIND_ACCOUNT_ID"), "\(unconfigured.stderr)")

        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(target)/GeoLite2-City.mmdb")) == installed, "a failed update leaves the file alone")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: target).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
