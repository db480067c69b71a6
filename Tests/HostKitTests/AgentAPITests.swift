import Foundation
import HostKit
import HummingbirdWSClient
import Kernel
import KernelTesting
import Testing

/// Agents over the API and their WebSocket: enrolment with the shared secret, approval into
/// a tenant with a credential of the agent's own, revocation on the open connection, and
/// every refusal with its close code.
@Suite("agents over HTTP and WebSocket", .serialized)
struct AgentAPITests {
    static let secret = "agent-secret-0123456789abcdef"

    static func start() async throws -> TestHost {
        // 30 s before a silent agent is cut off: a clean-clone CI under load went 5 s without the
        // test's agent being heard while the test waited on the API, and cut it off (4400).
        try await TestHost.start(rateLimits: [], agents: AgentSettings(heartbeatSeconds: 0.2, offlineAfterSeconds: 30), agentSecret: secret)
    }

    static func store(_ host: TestHost) throws -> any AgentStore { try #require(host.host.services.store as? any AgentStore) }

    @Test("a wrong or missing secret is refused with 4401 and enrols nothing; bad headers get 4400")
    func refusals() async throws {
        let host = try await Self.start()
        defer { Task { await host.stop() } }
        let id = UUID().uuidString.lowercased()
        let wrong = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: "not-the-secret-at-all"))
        #expect(wrong?.closeCode == .unknown(4401))
        #expect(wrong?.reason?.contains("VANTAGE_AGENT_SECRET") == true, "\(String(describing: wrong?.reason))")
        let missing = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id))
        #expect(missing?.closeCode == .unknown(4401))
        #expect(try await Self.store(host).agents.get(AgentID(id)!) == nil, "nothing enrolled")
        let badID = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: "not-a-uuid", secret: Self.secret))
        #expect(badID?.closeCode == .unknown(4400))
        #expect(badID?.reason?.contains("X-Vantage-Agent-Id") == true)
        let badPlugins = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: Self.secret, plugins: "tcp,rm -rf"))
        #expect(badPlugins?.closeCode == .unknown(4400))
        #expect(badPlugins?.reason?.contains("X-Vantage-Agent-Plugins") == true)
        let plain = try await host.request(.GET, "/api/v1/agents/connect", auth: .token(""))
        #expect(plain.status == 426, "a request that is not an upgrade: \(plain.body)")
    }

    @Test("past refusalsPerMinute refused attempts an address is turned away with 4429, the right secret too")
    func guessingIsThrottled() async throws {
        let host = try await TestHost.start(rateLimits: [], agents: AgentSettings(heartbeatSeconds: 0.2, offlineAfterSeconds: 5, refusalsPerMinute: 3),
                                            agentSecret: Self.secret)
        defer { Task { await host.stop() } }
        let id = UUID().uuidString.lowercased()
        // The bucket holds 3 and regains one every 20 s: on a very slow machine another guess
        // may be refused with 4401 before the first 4429.
        var refused = 0, throttled: WebSocketCloseFrame?
        for attempt in 0..<10 {
            let close = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: "guess-number-\(attempt)-of-many"))
            if close?.closeCode == .unknown(4429) {
                throttled = close
                break
            }
            #expect(close?.closeCode == .unknown(4401))
            refused += 1
        }
        #expect(refused >= 3, "the first 3 guesses are each refused on their own: \(refused)")
        #expect(throttled?.reason?.contains("too many refused attempts") == true, "\(String(describing: throttled?.reason))")
        // The right secret now: turned away before its headers are read. (Were it admitted, the
        // script's return after the welcome would end the connection normally, not hang.)
        let right = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: Self.secret)) { frames, _ in
            _ = try await frames.next()
        }
        #expect(right?.closeCode == .unknown(4429))
        #expect(try await Self.store(host).agents.get(AgentID(id)!) == nil, "nothing enrolled")
    }

    @Test("past maxPendingAgents waiting for approval a new agent is refused with 4503; a rejection makes room")
    func pendingAgentsAreCapped() async throws {
        let host = try await TestHost.start(rateLimits: [], agents: AgentSettings(heartbeatSeconds: 0.2, offlineAfterSeconds: 5, maxPendingAgents: 1),
                                            agentSecret: Self.secret)
        defer { Task { await host.stop() } }
        let first = UUID().uuidString.lowercased(), second = UUID().uuidString.lowercased()
        try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: first, secret: Self.secret)) { frames, _ in
            let welcome = try await frames.next()
            #expect(welcome?.objectValue?["status"] == .string("pending"))
        }
        let refused = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: second, secret: Self.secret))
        #expect(refused?.closeCode == .unknown(4503))
        #expect(refused?.reason?.contains("maxPendingAgents") == true, "\(String(describing: refused?.reason))")
        #expect(try await Self.store(host).agents.get(AgentID(second)!) == nil, "nothing enrolled")
        #expect(try await host.request(.DELETE, "/api/v1/agents/\(first)").status == 204)
        try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: second, secret: Self.secret)) { frames, _ in
            let welcome = try await frames.next()
            #expect(welcome?.objectValue?["status"] == .string("pending"), "room again once the first was rejected")
        }
    }

    @Test("enrol pending, approve on the open connection, keep the credential, reconnect with it alone, revoke and be cut off")
    func enrolApproveRevoke() async throws {
        let host = try await Self.start()
        defer { Task { await host.stop() } }
        let id = UUID().uuidString.lowercased()
        let agentID = try #require(AgentID(id))
        let store = try Self.store(host)
        let credentialBox = CredentialBox()
        let close = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: Self.secret)) { frames, outbound in
            let welcome = try await frames.next()
            #expect(welcome?.objectValue?["type"] == .string("welcome"))
            #expect(welcome?.objectValue?["status"] == .string("pending"))
            let listed = try await host.request(.GET, "/api/v1/agents")
            #expect(listed.value("items")?.arrayValue?.first?.objectValue?["status"] == .string("pending"), "\(listed.body)")
            #expect(!listed.body.contains("credentialHash"))
            let other = TestHost.Auth.token(try await host.register("otheradmin"))
            #expect(try await host.request(.GET, "/api/v1/agents/\(id)", auth: other).status == 200, "pending agents are seen by every tenant")

            let approved = try await host.request(.PUT, "/api/v1/agents/\(id)/approve", body: #"{"labels":["eu","dc:fra1"]}"#)
            #expect(approved.status == 200, "\(approved.body)")
            #expect(approved.value("labels") == .array([.string("eu"), .string("dc:fra1")]))
            #expect(try await host.request(.GET, "/api/v1/agents/\(id)", auth: other).status == 404, "an approved agent belongs to one tenant")
            #expect(try await host.request(.PUT, "/api/v1/agents/\(id)/approve").status == 409, "approving twice conflicts")

            let rewelcome = try await frames.next()
            #expect(rewelcome?.objectValue?["status"] == .string("approved"))
            let issued = try await frames.next()
            #expect(issued?.objectValue?["type"] == .string("credential"))
            let credential = try #require(issued?.objectValue?["credential"]?.stringValue)
            #expect(credential.hasPrefix("vag_") && credential.count > 40)
            credentialBox.set(credential)
            #expect(try await store.agents.get(agentID)?.credentialHash == nil, "not kept before the agent confirms it saved it")
            try await outbound.write(.text(#"{"type":"credential.saved"}"#))
            try await Self.waitFor { try await store.agents.get(agentID)?.credentialHash != nil }
        }
        #expect(close == nil || close?.closeCode == .normalClosure, "the client closed: \(String(describing: close))")
        let credential = try #require(credentialBox.get())
        #expect(try await store.agents.get(agentID)?.credentialHash != credential, "only a hash is stored")

        // The shared secret alone no longer admits it; the credential does, without the secret.
        let secretOnly = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: Self.secret))
        #expect(secretOnly?.closeCode == .unknown(4401))
        let wrongCredential = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, credential: "vag_wrong"))
        #expect(wrongCredential?.closeCode == .unknown(4401))

        let revoked = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, credential: credential, version: "0.19.1")) { frames, _ in
            let welcome = try await frames.next()
            #expect(welcome?.objectValue?["status"] == .string("approved"))
            try await Self.waitFor { try await host.request(.GET, "/api/v1/agents/\(id)").value("online") == .bool(true) }
            let shown = try await host.request(.GET, "/api/v1/agents/\(id)")
            #expect(shown.string("version") == "0.19.1", "the version is kept current: \(shown.body)")
            #expect(shown.string("address") == "127.0.0.1")
            #expect(try await host.request(.DELETE, "/api/v1/agents/\(id)").status == 204)
            while try await frames.next() != nil {}
        }
        #expect(revoked?.closeCode == .unknown(4403), "revocation closes the open connection: \(String(describing: revoked))")
        let again = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: Self.secret, credential: credential))
        #expect(again?.closeCode == .unknown(4403), "and refuses every later one")
        #expect(try await host.request(.GET, "/api/v1/agents/\(id)").string("status") == "revoked")
    }

    @Test("a second connection of the same agent replaces the first (4409)")
    func replacedConnection() async throws {
        let host = try await Self.start()
        defer { Task { await host.stop() } }
        let id = UUID().uuidString.lowercased()
        let (opened, signal) = AsyncStream<Void>.makeStream()
        let first = Task {
            try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: Self.secret)) { frames, _ in
                _ = try await frames.next()
                signal.yield()
                while try await frames.next() != nil {}
            }
        }
        var iterator = opened.makeAsyncIterator()
        await iterator.next()
        try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: Self.secret)) { frames, _ in
            _ = try await frames.next()
        }
        #expect(try await first.value?.closeCode == .unknown(4409))
    }

    static func waitFor(_ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("condition not met within 10 s")
    }
}

/// A value handed out of a connection's script.
final class CredentialBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    func set(_ new: String) { lock.withLock { value = new } }
    func get() -> String? { lock.withLock { value } }
}
