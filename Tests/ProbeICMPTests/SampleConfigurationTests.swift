import Foundation
import Kernel
import PacketSupport
import ProbeICMP
import Testing

/// probe.icmp's sample.json decodes strictly and its monitor validates.
struct SampleConfigurationTests {
    static func sample(_ folder: String) throws -> (plugin: JSONValue, monitor: [String: JSONValue]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/\(folder)/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        return (try #require(sample["plugin"]?.objectValue?["config"]), try #require(sample["monitor"]?.objectValue))
    }

    @Test func icmp() throws {
        let (plugin, monitor) = try Self.sample("ICMP")
        let configuration = try StrictDecoder.decode(PacketProbeConfiguration.self, from: plugin)
        #expect(configuration.deny == ["169.254.0.0/16"])
        let options = try StrictDecoder.decode(PingOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.count == 5)
        #expect(options.degradedLoss == 20)
        try ICMPProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }
}
