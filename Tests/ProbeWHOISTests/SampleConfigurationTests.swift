import Foundation
import Kernel
import Testing
@testable import ProbeWHOIS

/// probe.whois's sample.json decodes strictly and its monitor validates.
struct WHOISSampleConfigurationTests {
    @Test func sample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/WHOIS/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        let configuration = try StrictDecoder.decode(WHOISConfiguration.self, from: sample["plugin"]?["config"] ?? .emptyObject)
        #expect(configuration.whoisServers["internal"] == "whois.corp.example:43")
        #expect(configuration.deny.count == 5)
        let monitor = try #require(sample["monitor"]?.objectValue)
        let options = try StrictDecoder.decode(WHOISOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.expiryWarningDays == 30)
        try WHOISProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }
}
