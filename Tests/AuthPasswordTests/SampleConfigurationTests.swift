import AuthPassword
import Foundation
import Kernel
import Testing

/// auth.password's sample.json decodes through the real registration, strictly.
struct SampleConfigurationTests {
    @Test func sampleDecodes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Auth/Password/sample.json").standardized
        let sample = try JSONValue.parse(Data(contentsOf: url))
        #expect(sample.objectValue?["plugin"] == .string("auth.password"))
        try PluginRegistration.authenticator(PasswordAuthenticator.self).check(configuration: sample.objectValue?["config"] ?? .emptyObject, path: "$.config")
    }

    @Test func badSettingsNameTheirPath() throws {
        let registration = PluginRegistration.authenticator(PasswordAuthenticator.self)
        #expect(throws: ConfigurationError.self) { try registration.check(configuration: .object(["bcryptCost": .number(4)]), path: "$.config") }
        #expect(throws: ConfigurationError.self) { try registration.check(configuration: .object(["registration": .string("sometimes")]), path: "$.config") }
        #expect(throws: ConfigurationError.self) { try registration.check(configuration: .object(["tokens": .object(["secret": .string("x")])]), path: "$.config") }
    }
}
