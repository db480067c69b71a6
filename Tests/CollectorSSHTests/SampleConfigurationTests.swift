import CollectorSSH
import Foundation
import Kernel
import Testing

/// collector.ssh's sample.json decodes strictly; out-of-range settings are refused.
struct SampleConfigurationTests {
    @Test func sample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Collectors/SSH/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        #expect(sample["plugin"]?.objectValue?["plugin"] == .string(SSHCollector.id.rawValue))
        let configuration = try StrictDecoder.decode(SSHCollectorConfiguration.self, from: sample["plugin"]?.objectValue?["config"] ?? .null)
        #expect(configuration == SSHCollectorConfiguration())
    }

    @Test(arguments: [JSONValue.object(["maxConnections": .number(0)]), .object(["commandTimeout": .number(500)]),
                      .object(["processes": .number(1)]), .object(["pool": .number(1)])])
    func badConfiguration(_ bad: JSONValue) {
        #expect(throws: (any Error).self) { try StrictDecoder.decode(SSHCollectorConfiguration.self, from: bad) }
    }
}
