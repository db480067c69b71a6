import Foundation
import HostKit
import HummingbirdWSClient
import Kernel
import KernelTesting
import Testing

/// An approved agent's monitors and results over its connection: assignments follow monitor
/// changes, numbered results are stored once (a replay is acknowledged, not stored again)
/// with the agent as their location, and the server does not run a monitor that is not
/// located on it.
@Suite("agent assignments and results", .serialized)
struct AgentResultsTests {
    @Test("a monitor located on the agent is assigned to it, not run by the server; its results are stored once with their location")
    func assignAndDeliver() async throws {
        let host = try await AgentAPITests.start()
        defer { Task { await host.stop() } }
        let id = UUID().uuidString.lowercased()
        let listener = try LoopbackListener()
        let box = CredentialBox()
        try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: AgentAPITests.secret)) { frames, outbound in
            _ = try await frames.next()
            #expect(try await host.request(.PUT, "/api/v1/agents/\(id)/approve", body: #"{"labels":["eu"]}"#).status == 200)
            _ = try await frames.next()
            let issued = try await frames.next()
            box.set(issued?.objectValue?["credential"]?.stringValue ?? "")
            try await outbound.write(.text(#"{"type":"credential.saved"}"#))
            let first = try await frames.next()
            #expect(first?.objectValue?["type"] == .string("assign"))
            #expect(first?.objectValue?["monitors"] == .array([]), "nothing located on it yet")
        }
        let credential = try #require(box.get())

        let monitorBox = CredentialBox()
        try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, credential: credential)) { frames, outbound in
            _ = try await frames.next()  // welcome
            _ = try await frames.next()  // the (empty) assignment
            let created = try await host.request(.POST, "/api/v1/monitors", body: """
                {"name":"edge","kind":"tcp","target":"127.0.0.1:\(listener.port)","interval":1,"timeout":1,"locations":["eu"]}
                """)
            #expect(created.status == 201, "\(created.body)")
            let monitorID = try #require(created.string("id"))
            monitorBox.set(monitorID)
            #expect(created.value("locations") == .array([.string("eu")]))
            let assigned = try await frames.next()
            #expect(assigned?.objectValue?["type"] == .string("assign"))
            let monitors = assigned?.objectValue?["monitors"]?.arrayValue ?? []
            #expect(monitors.count == 1 && monitors.first?.objectValue?["id"] == .string(monitorID), "\(String(describing: assigned))")

            let results = (1...3).map { n in
                #"{"sequence":\#(n),"record":{"tenantID":"\#(UUID().uuidString.lowercased())","monitorID":"\#(monitorID)","kind":"forged","target":"forged","startedAt":\#(Date().timeIntervalSinceReferenceDate + Double(n)),"duration":0.01,"result":{"status":"\#(n == 3 ? "down" : "up")","latency":0.002,"metrics":{},"details":{}}},"state":null}"#
            }.joined(separator: ",")
            let frame = #"{"type":"results","epoch":"e1","results":[\#(results)]}"#
            try await outbound.write(.text(frame))
            let ack = try await frames.next()
            #expect(ack?.objectValue?["type"] == .string("ack") && ack?.objectValue?["sequence"] == .number(3), "\(String(describing: ack))")
            try await outbound.write(.text(frame))
            let again = try await frames.next()
            #expect(again?.objectValue?["sequence"] == .number(3), "a replay is acknowledged")
        }
        let monitorID = try #require(monitorBox.get())
        try await Task.sleep(for: .milliseconds(1500))
        let stored = try await host.request(.GET, "/api/v1/monitors/\(monitorID)/results")
        let items = stored.value("items")?.arrayValue ?? []
        #expect(items.count == 3, "stored once, and nothing from the server: \(stored.body)")
        #expect(items.allSatisfy { $0.objectValue?["location"] == .string(id) }, "each with the agent as its location")
        #expect(items.allSatisfy { $0.objectValue?["kind"] == .string("tcp") && $0.objectValue?["target"] == .string("127.0.0.1:\(listener.port)") },
                "kind and target are the monitor's, not what the agent sent")
        listener.close()
    }
}

extension AgentResultsTests {
    @Test("with the servers and two agents the servers are one of three locations: two agents down make it down, one makes it degraded")
    func serversAreOneOfTheLocations() async throws {
        let host = try await AgentAPITests.start()
        defer { Task { await host.stop() } }
        let listener = try LoopbackListener()
        defer { listener.close() }
        let agents = [try await Self.approvedAgent(host, labels: ["eu"]), try await Self.approvedAgent(host, labels: ["eu"])]
        let created = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"mixed","kind":"tcp","target":"127.0.0.1:\(listener.port)","interval":1,"timeout":1,"locations":["server","eu"]}
            """)
        #expect(created.status == 201, "\(created.body)")
        let monitor = try #require(created.string("id"))
        let status: @Sendable () async throws -> String? = { try await host.request(.GET, "/api/v1/monitors/\(monitor)").string("status") }
        let byLocation: @Sendable () async throws -> [String: String] = {
            let items = try await host.request(.GET, "/api/v1/monitors/\(monitor)/locations").value("locations")?.arrayValue ?? []
            return Dictionary(uniqueKeysWithValues: items.compactMap { item -> (String, String)? in
                guard case .string(let location)? = item.objectValue?["location"], case .string(let status)? = item.objectValue?["status"] else { return nil }
                return (location, status)
            })
        }
        // The servers check the listener themselves: their location comes up, and with both
        // agents yet to report, so does the monitor.
        try await AgentAPITests.waitFor { try await byLocation()["server"] == "up" }
        try await AgentAPITests.waitFor { try await status() == "up" }

        try await Self.deliver(host, agent: agents[0], monitor: monitor, status: "down", sequence: 1)
        #expect(try await status() == "degraded", "one of three down")
        try await Self.deliver(host, agent: agents[1], monitor: monitor, status: "down", sequence: 1)
        #expect(try await status() == "down", "two of three down, though the servers see it up")
        let locations = try await host.request(.GET, "/api/v1/monitors/\(monitor)/locations")
        #expect(locations.value("downWhen") == .number(2), "\(locations.body)")
        #expect(try await byLocation() == ["server": "up", agents[0].id: "down", agents[1].id: "down"])
        try await Self.deliver(host, agent: agents[0], monitor: monitor, status: "up", sequence: 2)
        #expect(try await status() == "degraded", "one of three down again")
        let fromServers = try await host.request(.GET, "/api/v1/monitors/\(monitor)/results?location=server").value("items")?.arrayValue ?? []
        #expect(!fromServers.isEmpty, "the servers ran it too")
    }

    @Test("an agent is sent its monitors' secrets opened, which the API and the store keep sealed")
    func secretsReachTheAgentOpened() async throws {
        let host = try await AgentAPITests.start()
        defer { Task { await host.stop() } }
        let agent = try await Self.approvedAgent(host, labels: ["eu"])
        let created = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"behind-auth","kind":"http","target":"http://127.0.0.1:9/","interval":60,"timeout":5,"locations":["eu"],
             "config":{"basicAuth":{"username":"ops","password":"s3cret-for-the-agent"}}}
            """)
        #expect(created.status == 201, "\(created.body)")
        #expect(!created.body.contains("s3cret-for-the-agent"), "the API shows the placeholder")
        let box = CredentialBox()
        try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: agent.id, credential: agent.credential)) { frames, _ in
            _ = try await frames.next()  // welcome
            let assigned = try await frames.next()
            let password = assigned?.objectValue?["monitors"]?.arrayValue?.first?.objectValue?["config"]?.objectValue?["basicAuth"]?
                .objectValue?["password"]?.stringValue
            box.set(password ?? "")
        }
        #expect(box.get() == "s3cret-for-the-agent", "opened for the agent, which cannot open the server's seal")
    }

    /// Enrols an agent, approves it with `labels` and returns its id and credential.
    static func approvedAgent(_ host: TestHost, labels: [String]) async throws -> (id: String, credential: String) {
        let id = UUID().uuidString.lowercased()
        let box = CredentialBox()
        try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: AgentAPITests.secret)) { frames, outbound in
            _ = try await frames.next()
            let body = #"{"labels":[\#(labels.map { "\"\($0)\"" }.joined(separator: ","))]}"#
            #expect(try await host.request(.PUT, "/api/v1/agents/\(id)/approve", body: body).status == 200)
            _ = try await frames.next()
            box.set(try await frames.next()?.objectValue?["credential"]?.stringValue ?? "")
            try await outbound.write(.text(#"{"type":"credential.saved"}"#))
            _ = try await frames.next()  // the assignment, sent once approved
        }
        return (id, try #require(box.get()))
    }

    /// Connects as an approved agent and delivers one result of `monitor` with the agent's
    /// state there.
    static func deliver(_ host: TestHost, agent: (id: String, credential: String), monitor: String, status: String, sequence: Int,
                        details: String = "{}") async throws {
        try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: agent.id, credential: agent.credential)) { frames, outbound in
            _ = try await frames.next()  // welcome
            _ = try await frames.next()  // assignment
            let failure = status == "down" ? #","failure":{"code":"timeout","message":"no reply"}"# : ""
            let result = #"{"sequence":\#(sequence),"record":{"tenantID":"\#(UUID().uuidString.lowercased())","monitorID":"\#(monitor)","kind":"icmp","target":"x","startedAt":\#(Date().timeIntervalSinceReferenceDate),"duration":0.01,"result":{"status":"\#(status)","metrics":{},"details":\#(details)\#(failure)}},"state":{"status":"\#(status)","consecutiveFailures":0,"consecutiveSuccesses":0}}"#
            try await outbound.write(.text(#"{"type":"results","epoch":"e-\#(agent.id)","results":[\#(result)]}"#))
            let ack = try await frames.next()
            #expect(ack?.objectValue?["type"] == .string("ack"))
        }
    }

    @Test("with three agent locations the monitor is down when two are, not when one is; each location's change is its own event")
    func quorumOfLocations() async throws {
        let host = try await AgentAPITests.start()
        defer { Task { await host.stop() } }
        let agents = [try await Self.approvedAgent(host, labels: ["eu"]), try await Self.approvedAgent(host, labels: ["eu"]),
                      try await Self.approvedAgent(host, labels: ["eu"])]
        let created = try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"quorum","kind":"icmp","target":"192.0.2.9","interval":60,"timeout":1,"locations":["eu"]}"#)
        #expect(created.status == 201, "\(created.body)")
        let monitor = try #require(created.string("id"))
        let status = { try await host.request(.GET, "/api/v1/monitors/\(monitor)").string("status") }
        let recorder = EventRecorder(host.host.services.events.subscribe(EventFilter(topics: [MonitorStatusChanged.eventName, MonitorLocationChanged.eventName])))

        try await Self.deliver(host, agent: agents[0], monitor: monitor, status: "up", sequence: 1)
        #expect(try await status() == "up", "one up, two not reported yet")
        try await Self.deliver(host, agent: agents[1], monitor: monitor, status: "up", sequence: 1)
        try await Self.deliver(host, agent: agents[2], monitor: monitor, status: "up", sequence: 1)
        try await Self.deliver(host, agent: agents[0], monitor: monitor, status: "down", sequence: 2)
        #expect(try await status() == "degraded", "one of three down is not down")
        try await Self.deliver(host, agent: agents[1], monitor: monitor, status: "down", sequence: 2)
        #expect(try await status() == "down", "two of three are")

        #expect(try await host.request(.PATCH, "/api/v1/monitors/\(monitor)", body: #"{"locationQuorum":3}"#).status == 200)
        try await Self.deliver(host, agent: agents[1], monitor: monitor, status: "down", sequence: 3)
        #expect(try await status() == "degraded", "with a quorum of 3, two down are not enough")
        try await AgentAPITests.waitFor { recorder.payloads(MonitorStatusChanged.self).count >= 4 }
        let overall = recorder.payloads(MonitorStatusChanged.self).map(\.to)
        #expect(overall == [.up, .degraded, .down, .degraded], "\(overall)")
        #expect(recorder.payloads(MonitorLocationChanged.self).isEmpty, "the results above carried no events of their own")

        // Each location read apart, and overall.
        let locations = try await host.request(.GET, "/api/v1/monitors/\(monitor)/locations")
        #expect(locations.status == 200, "\(locations.body)")
        #expect(locations.string("status") == "degraded")
        #expect(locations.value("downWhen") == .number(3))
        let byLocation = Dictionary(uniqueKeysWithValues: (locations.value("locations")?.arrayValue ?? []).compactMap { item -> (String, String)? in
            guard case .string(let location)? = item.objectValue?["location"], case .string(let status)? = item.objectValue?["status"] else { return nil }
            return (location, status)
        })
        #expect(byLocation == [agents[0].id: "down", agents[1].id: "down", agents[2].id: "up"], "no server location: \(byLocation)")
        #expect(locations.value("locations.0.uptime24h.checks") != nil)
        let all = try await host.request(.GET, "/api/v1/monitors/\(monitor)/results").value("items")?.arrayValue ?? []
        #expect(all.count == 6, "every location's results")
        let third = try await host.request(.GET, "/api/v1/monitors/\(monitor)/results?location=\(agents[2].id)").value("items")?.arrayValue ?? []
        #expect(third.count == 1 && third.first?.objectValue?["location"] == .string(agents[2].id), "one agent's: \(third)")
        #expect(try await host.request(.GET, "/api/v1/monitors/\(monitor)/results?location=server").value("items")?.arrayValue?.isEmpty == true,
                "the servers ran none")
        let uptime = try await host.request(.GET, "/api/v1/monitors/\(monitor)/uptime?location=\(agents[1].id)")
        #expect(uptime.value("24h.checks") == .number(3) && uptime.value("24h.down") == .number(2), "\(uptime.body)")
        let history = try await host.request(.GET, "/api/v1/monitors/\(monitor)/history?hours=1&location=\(agents[0].id)")
        #expect(history.value("buckets.0.down") == .number(1) && history.value("buckets.0.up") == .number(1), "\(history.body)")
        let refused = try await host.request(.GET, "/api/v1/monitors/\(monitor)/history?location=mars")
        #expect(refused.status == 422 && refused.body.contains("location"), "\(refused.status) \(refused.body)")
    }
}

/// Collects the events of a subscription in the background.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [Event] = []
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<Event>) {
        task = Task { [weak self] in
            for await event in stream { self?.append(event) }
        }
    }

    private func append(_ event: Event) { lock.withLock { events.append(event) } }

    func payloads<P: EventPayload>(_ type: P.Type) -> [P] { lock.withLock { events.compactMap { $0.payload(as: P.self) } } }

    deinit { task?.cancel() }
}
