import Foundation
@testable import HostKit
import Kernel
import Testing

/// An agent keeps the secrets of its monitors sealed with its own key: the server sends them
/// opened (only its key opens its seal), the agent seals them again before they reach its
/// assignment file, and its probes open them when they run.
@Suite("agent secrets at rest")
struct AgentSecretSealingTests {
    @Test func theAgentSealsWhatTheServerOpenedWithItsOwnKey() async throws {
        let host = try await AgentAPITests.start()
        defer { Task { await host.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agent-seal-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let serverProbes = host.host.services.probes
        let http = try #require(serverProbes.runner(for: "http"))
        let agentProbes = ProbeDirectory([http], sealer: try AESGCMSecretSealer.load(dataDirectory: directory, environment: [:]))

        var monitor = Monitor(tenantID: TenantID.random(), name: "behind-auth", kind: "http", target: "http://127.0.0.1:9/", interval: 60, timeout: 5)
        monitor.config = .object(["basicAuth": .object(["username": .string("ops"), "password": .string("s3cret-for-the-agent")])])
        let kept = try #require(AgentClient.sealed([monitor], probes: agentProbes).first)
        let password = kept.config.objectValue?["basicAuth"]?.objectValue?["password"]?.stringValue ?? ""
        #expect(SealedSecrets.isSealed(password), "sealed at rest: \(password)")
        #expect(!AgentFrame.assign([kept], egress: .unrestricted).text.contains("s3cret-for-the-agent"), "the assignment file holds no plaintext")
        _ = try agentProbes.prepare(kind: "http", target: kept.target, timeout: 5, config: kept.config)
        #expect(throws: ValidationError.self, "another key cannot open it") {
            _ = try serverProbes.prepare(kind: "http", target: kept.target, timeout: 5, config: kept.config)
        }
    }
}
