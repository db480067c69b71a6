import AuthAPIKey
import Foundation
import Kernel
import Testing

/// auth.api_key's sample.json decodes through the real registration, strictly.
struct SampleConfigurationTests {
    @Test func sampleDecodes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Auth/APIKey/sample.json").standardized
        let sample = try JSONValue.parse(Data(contentsOf: url))
        #expect(sample.objectValue?["plugin"] == .string("auth.api_key"))
        try PluginRegistration.authenticator(APIKeyAuthenticator.self).check(configuration: sample.objectValue?["config"] ?? .emptyObject, path: "$.config")
    }
}
