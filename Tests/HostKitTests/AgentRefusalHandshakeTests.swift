import Foundation
import HostKit
import HostKitTesting
import Kernel
import Testing

/// The close handshake of a refused agent, byte by byte on a plain socket: the server's
/// close frame comes first and its FIN only after the agent's answer, so a client still
/// setting up after the 101 cannot miss both (a NIO client under load once sat in
/// CLOSE-WAIT forever when they came together).
@Suite("agent refusals: the close frame first, the FIN after the answer", .serialized)
struct AgentRefusalHandshakeTests {
    static func refusedPeer(_ host: TestHost) throws -> RawWebSocketPeer {
        try RawWebSocketPeer(port: host.port, path: "/api/v1/agents/connect",
                             headers: AgentLink.headers(id: UUID().uuidString.lowercased(), secret: "not-the-secret-at-all"))
    }

    @Test("the server holds its FIN until the agent answers the close, then closes")
    func finAfterTheAnswer() async throws {
        let host = try await AgentAPITests.start()
        defer { Task { await host.stop() } }
        let peer = try Self.refusedPeer(host)
        let first = try #require(peer.readHeadAndFirstFrame(within: 10))
        #expect(first.status.hasPrefix("HTTP/1.1 101"), "\(first.status)")
        #expect(first.opcode == 0x8, "a close frame")
        #expect(first.payload.count > 2 && UInt16(first.payload[0]) << 8 | UInt16(first.payload[1]) == 4401)
        #expect(String(decoding: first.payload.dropFirst(2), as: UTF8.self).contains("VANTAGE_AGENT_SECRET"))
        #expect(peer.read(within: 0.5) == .silent, "no FIN before the answer")
        peer.sendClose(code: 4401)
        var sawFIN = false
        for _ in 0..<10 where !sawFIN {
            if case .closed = peer.read(within: 1) { sawFIN = true }
        }
        #expect(sawFIN, "the server closes once answered")
    }

    @Test("an agent that never answers gets the close again with the FIN")
    func closeAgainWhenUnanswered() async throws {
        let host = try await AgentAPITests.start()
        defer { Task { await host.stop() } }
        let peer = try Self.refusedPeer(host)
        let first = try #require(peer.readHeadAndFirstFrame(within: 10))
        #expect(first.opcode == 0x8)
        var after: [UInt8] = [], sawFIN = false
        for _ in 0..<20 where !sawFIN {
            switch peer.read(within: 1) {
            case .data(let bytes): after += bytes
            case .closed: sawFIN = true
            case .silent: continue
            }
        }
        #expect(sawFIN, "closed after refusalAnswerSeconds")
        #expect(after.first == 0x88, "a second close frame came before the FIN: \(after.prefix(4))")
        #expect(after.count > 4 && UInt16(after[2]) << 8 | UInt16(after[3]) == 4401, "with the refusal's code")
    }
}
