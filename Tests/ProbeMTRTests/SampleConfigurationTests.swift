import Foundation
import Kernel
import PacketSupport
import ProbeMTR
import Testing

/// probe.mtr's sample.json decodes strictly and its monitor validates.
struct SampleConfigurationTests {
    static func sample(_ folder: String) throws -> (plugin: JSONValue, monitor: [String: JSONValue]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/\(folder)/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        return (try #require(sample["plugin"]?.objectValue?["config"]), try #require(sample["monitor"]?.objectValue))
    }

    @Test func mtr() throws {
        let (plugin, monitor) = try Self.sample("MTR")
        let configuration = try StrictDecoder.decode(PacketProbeConfiguration.self, from: plugin)
        #expect(configuration.socket == .raw)
        let options = try StrictDecoder.decode(MTROptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.count == 10)
        try MTRProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }
}
