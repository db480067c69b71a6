import Foundation
import Kernel
@testable import ProbeTLS
import Testing

/// probe.tls's sample.json decodes strictly and its monitor validates.
struct TLSSampleConfigurationTests {
    @Test func sample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/TLS/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        let configuration = try StrictDecoder.decode(TLSConfiguration.self, from: sample["plugin"]?["config"] ?? .emptyObject)
        #expect(configuration.threads == 64)
        let monitor = try #require(sample["monitor"]?.objectValue)
        let options = try StrictDecoder.decode(TLSOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.warningDays == 21)
        try TLSProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
        #expect(throws: (any Error).self) { try StrictDecoder.decode(TLSOptions.self, from: .object(["colour": .string("red")])) }
    }
}
