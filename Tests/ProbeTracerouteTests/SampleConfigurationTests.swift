import Foundation
import Kernel
import PacketSupport
import ProbeTraceroute
import Testing

/// probe.traceroute's sample.json decodes strictly and its monitor validates.
struct SampleConfigurationTests {
    static func sample(_ folder: String) throws -> (plugin: JSONValue, monitor: [String: JSONValue]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/\(folder)/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        return (try #require(sample["plugin"]?.objectValue?["config"]), try #require(sample["monitor"]?.objectValue))
    }

    @Test func traceroute() throws {
        let (plugin, monitor) = try Self.sample("Traceroute")
        let configuration = try StrictDecoder.decode(PacketProbeConfiguration.self, from: plugin)
        let options = try StrictDecoder.decode(TracerouteOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.method == .udp)
        #expect(options.resolveNames)
        try TracerouteProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }
}
