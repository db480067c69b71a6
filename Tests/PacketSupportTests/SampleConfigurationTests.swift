import Foundation
import Kernel
import PacketSupport
import Testing

/// The raw-socket plugins' shared configuration (`PacketProbeConfiguration`) names bad entries.
struct SampleConfigurationTests {
    @Test func badPolicyEntriesAreNamed() throws {
        #expect(throws: ConfigurationError.self) {
            try StrictDecoder.decode(PacketProbeConfiguration.self, from: .object(["deny": .array([.string("10.0.0.0/33")])]))
        }
        #expect(throws: ConfigurationError.self) {
            try StrictDecoder.decode(PacketProbeConfiguration.self, from: .object(["socket": .string("magic")]))
        }
    }
}
