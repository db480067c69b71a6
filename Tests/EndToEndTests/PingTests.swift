import Foundation
import Testing

/// probe.icmp with real packets: statistics, loss, the unprivileged path and the
/// no-permission error.
@Suite(.serialized) struct PingTests {
    @Test func pingReportsEveryPacketOverBothFamilies() async throws {
        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        for target in ["10.9.3.2", "fd09:3::2"] {
            let (outcome, record) = try await topology.probe(["ping", target, "-c", "5", "-i", "0.01"])
            #expect(outcome.status == 0)
            #expect(record.status == "up")
            let details = record.details
            #expect(details["sent"] as? Int == 5)
            #expect(details["received"] as? Int == 5)
            #expect(details["socket"] as? String == "raw")
            let packets = try #require(details["packets"] as? [[String: Any]])
            #expect(packets.count == 5)
            #expect(packets.allSatisfy { ($0["rttMs"] as? Double).map { $0 > 0 } ?? false })
            #expect(packets.compactMap { $0["ttl"] as? Int } == Array(repeating: target.contains(":") ? 62 : 62, count: 5))
            for key in ["minMs", "avgMs", "maxMs", "stddevMs", "jitterMs", "duplicates", "outOfOrder", "lossPercent"] {
                #expect(details[key] != nil, "missing \(key)")
            }
        }
    }

    @Test func injectedLossIsMeasured() async throws {
        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        try await topology.dropOneIn(10)
        let (outcome, record) = try await topology.probe(["ping", "10.9.3.2", "-c", "400", "-i", "0.002", "--options", #"{"timeout": 0.5}"#])
        #expect(outcome.status == 0)
        let loss = try #require(record.details["lossPercent"] as? Double)
        #expect((13...25).contains(loss), "measured \(loss) % loss, expected 19 ± 6 %")
    }

    @Test func everyPacketLostIsDown() async throws {
        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        let (outcome, record) = try await topology.probe(["ping", "10.9.3.99", "-c", "2", "-i", "0.1", "--options", #"{"timeout": 0.3}"#])
        #expect(outcome.status == 2)
        #expect(record.status == "down")
        #expect(["timeout", "unreachable"].contains(record.failure?["code"] as? String))
        // One echo (the batched path monitors take) to a lost and to a reachable address.
        let (single, singleRecord) = try await topology.probe(["ping", "10.9.3.99", "-c", "1", "--options", #"{"timeout": 0.3}"#])
        #expect(single.status == 2)
        #expect(singleRecord.status == "down")
        #expect(["timeout", "unreachable"].contains(singleRecord.failure?["code"] as? String))
        let (reached, reachedRecord) = try await topology.probe(["ping", "fd09:3::2", "-c", "1"])
        #expect(reached.status == 0)
        let packets = reachedRecord.details["packets"] as? [[String: Any]] ?? []
        #expect(packets.count == 1 && packets.first?["ttl"] as? Int == 62, "\(packets)")
    }

    @Test func unprivilegedDatagramSocketsWhereAllowed() async throws {
        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        let binary = try Self.worldReadableCopy()
        defer { try? FileManager.default.removeItem(atPath: (binary as NSString).deletingLastPathComponent) }

        // ping_group_range closed: a clear error naming the capability and the sysctl.
        let (refused, refusedRecord) = try await topology.probe(["ping", "10.9.3.2", "-c", "1"], user: "65534", binary: binary)
        #expect(refused.status == 2)
        let message = refusedRecord.failure?["message"] as? String ?? ""
        #expect(message.contains("CAP_NET_RAW"), "\(message)")
        #expect(message.contains("net.ipv4.ping_group_range"), "\(message)")

        try await topology.setPingGroupRange("0 2147483647")
        for target in ["10.9.3.2", "fd09:3::2"] {
            let (outcome, record) = try await topology.probe(["ping", target, "-c", "3", "-i", "0.2"], user: "65534", binary: binary)
            #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
            #expect(record.details["socket"] as? String == "datagram")
            #expect(record.details["received"] as? Int == 3)
        }
        let (trace, traceRecord) = try await topology.probe(["traceroute", "10.9.3.2"], user: "65534", binary: binary)
        #expect(trace.status == 0)
        #expect(traceRecord.hopAddresses == NetworkTopology.hopsV4.map { [$0, $0, $0] })
        // Below the unprivileged interval floor: refused in plain words, not a crash.
        let (fast, fastRecord) = try await topology.probe(["ping", "10.9.3.2", "-c", "3", "-i", "0.01"], user: "65534", binary: binary)
        #expect(fast.status == 2)
        #expect(fastRecord.failure?["code"] as? String == "interval_not_allowed")
        // UDP traces need raw sockets.
        let (udp, udpRecord) = try await topology.probe(["traceroute", "10.9.3.2", "--method", "udp"], user: "65534", binary: binary)
        #expect(udp.status == 2)
        let udpMessage = udpRecord.failure?["message"] as? String ?? ""
        #expect(udpMessage.contains("CAP_NET_RAW"), "\(udpMessage)")
    }

    /// A copy of the binary that the `nobody` user can execute whatever the permissions of
    /// the checkout.
    static func worldReadableCopy() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let copy = directory.appendingPathComponent("vantage").path
        try FileManager.default.copyItem(atPath: try Executables.path("vantage"), toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy)
        return copy
    }
}
