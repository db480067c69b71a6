import Foundation
import Kernel
import ProbeMTRSSH
import Testing

/// probe.mtr_ssh's sample.json decodes strictly and its monitor validates.
struct SampleConfigurationTests {
    @Test func sample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/MTRSSH/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        let plugin = try #require(sample["plugin"]?.objectValue?["config"])
        let configuration = try StrictDecoder.decode(MTRSSHConfiguration.self, from: plugin)
        #expect(configuration.maxConnections == 64)
        let monitor = try #require(sample["monitor"]?.objectValue)
        let options = try StrictDecoder.decode(MTRSSHOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.count == 10 && options.degradedLoss == 5)
        try MTRSSHProbe(hosts: nil).validate(target: monitor["target"]?.stringValue ?? "", options: options)
        #expect(monitor["timeout"]?.numberValue ?? 0 >= options.minimumDuration, "the sample's timeout covers its rounds")
    }

    @Test func configurationBoundsAreChecked() {
        for bad: JSONValue in [.object(["maxConnections": .number(0)]), .object(["connectTimeout": .number(500)]), .object(["pool": .number(1)])] {
            #expect(throws: (any Error).self) { try StrictDecoder.decode(MTRSSHConfiguration.self, from: bad) }
        }
    }
}
