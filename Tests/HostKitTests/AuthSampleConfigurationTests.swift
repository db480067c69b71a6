import AuthAPIKey
import AuthJWT
import AuthPassword
import Foundation
import Kernel
import Testing

/// Every authenticator's sample.json decodes through the real registration, strictly.
@Suite("Authenticator sample configurations")
struct AuthSampleConfigurationTests {
    @Test(arguments: [("Password", "auth.password"), ("JWT", "auth.jwt"), ("APIKey", "auth.api_key")])
    func sampleDecodes(_ folder: String, _ id: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Auth/\(folder)/sample.json").standardized
        let sample = try JSONValue.parse(Data(contentsOf: url))
        #expect(sample.objectValue?["plugin"] == .string(id))
        let registration = try #require(TestHost.catalog.registration(for: id))
        try registration.check(configuration: sample.objectValue?["config"] ?? .emptyObject, path: "$.config")
    }

    @Test func badSettingsNameTheirPath() throws {
        let registration = try #require(TestHost.catalog.registration(for: "auth.password"))
        #expect(throws: ConfigurationError.self) { try registration.check(configuration: .object(["bcryptCost": .number(4)]), path: "$.config") }
        #expect(throws: ConfigurationError.self) { try registration.check(configuration: .object(["registration": .string("sometimes")]), path: "$.config") }
        #expect(throws: ConfigurationError.self) { try registration.check(configuration: .object(["tokens": .object(["secret": .string("x")])]), path: "$.config") }
    }
}
