import FixtureServers
import Foundation
import Kernel
import Testing
import TLSSupport

/// `caFile` validation remembers a file that parsed, and parses it again once it changes: a
/// CA file replaced by something that is not PEM is refused on the next request.
@Suite("caFile validation")
struct ValidatedCAFileTests {
    @Test func aChangedFileIsParsedAgain() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-ca-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("root.pem").path
        let pem = try String(contentsOfFile: try await NginxFixture.shared().rootCA, encoding: .utf8)
        try pem.write(toFile: path, atomically: true, encoding: .utf8)

        #expect(TrustAnchorOptions.issues(caFile: path, caPEM: nil).isEmpty)
        #expect(TrustAnchorOptions.issues(caFile: path, caPEM: nil).isEmpty, "the remembered file")
        try "not a certificate\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(TrustAnchorOptions.issues(caFile: path, caPEM: nil).map(\.field) == ["config.caFile"])
        try FileManager.default.removeItem(atPath: path)
        #expect(TrustAnchorOptions.issues(caFile: path, caPEM: nil).map(\.field) == ["config.caFile"])
    }
}
