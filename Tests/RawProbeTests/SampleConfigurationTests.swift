import Foundation
import Kernel
import PacketSupport
import ProbeICMP
import ProbeMTR
import ProbeTraceroute
import Testing

/// Every raw-socket plugin's sample.json decodes strictly and its monitor validates.
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

    @Test func traceroute() throws {
        let (plugin, monitor) = try Self.sample("Traceroute")
        let configuration = try StrictDecoder.decode(PacketProbeConfiguration.self, from: plugin)
        let options = try StrictDecoder.decode(TracerouteOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.method == .udp)
        #expect(options.resolveNames)
        try TracerouteProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }

    @Test func mtr() throws {
        let (plugin, monitor) = try Self.sample("MTR")
        let configuration = try StrictDecoder.decode(PacketProbeConfiguration.self, from: plugin)
        #expect(configuration.socket == .raw)
        let options = try StrictDecoder.decode(MTROptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.count == 10)
        try MTRProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }

    @Test func badPolicyEntriesAreNamed() throws {
        #expect(throws: ConfigurationError.self) {
            try StrictDecoder.decode(PacketProbeConfiguration.self, from: .object(["deny": .array([.string("10.0.0.0/33")])]))
        }
        #expect(throws: ConfigurationError.self) {
            try StrictDecoder.decode(PacketProbeConfiguration.self, from: .object(["socket": .string("magic")]))
        }
    }
}
