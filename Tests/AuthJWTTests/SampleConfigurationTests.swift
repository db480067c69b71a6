import AuthJWT
import Foundation
import Kernel
import Testing

/// auth.jwt's sample.json decodes through the real registration, strictly.
struct SampleConfigurationTests {
    @Test func sampleDecodes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Auth/JWT/sample.json").standardized
        let sample = try JSONValue.parse(Data(contentsOf: url))
        #expect(sample.objectValue?["plugin"] == .string("auth.jwt"))
        try PluginRegistration.authenticator(JWTAuthenticator.self).check(configuration: sample.objectValue?["config"] ?? .emptyObject, path: "$.config")
    }
}
