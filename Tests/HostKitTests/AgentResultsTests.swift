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
