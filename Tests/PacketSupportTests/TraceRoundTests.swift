import Foundation
import Kernel
import PacketSupport
import Testing

/// The trace bookkeeping without sockets: parallel sending, the destination cut-off, the
/// derived wait for silent hops, and in-order hop reporting.
struct TraceRoundTests {
    static let destination = IPAddress("10.9.3.2")!
    static func settings(parallel: Int = 16) -> TraceSettings {
        TraceSettings(method: .icmp, destination: destination, maxHops: 30, probesPerHop: 3, wait: 2, parallel: parallel)
    }

    static func timeExceeded(from address: String, at time: Int64) -> PacketEvent {
        PacketEvent(kind: .icmpError(type: ICMPType.timeExceeded, code: 0), key: 0, responder: IPAddress(address)!, timestamp: time)
    }

    @Test func sendsAWindowOrderedByTTLAndStopsAtTheDestination() {
        var round = TraceRound(settings: Self.settings())
        let first = round.takeSendable(now: 0)
        #expect(first.count == 16)
        #expect(round.slots[first.last!].ttl == 6)
        // The destination answers the first probe of TTL 3 after 1 ms.
        let accepted = round.record(PacketEvent(kind: .echoReply(cookie: nil), key: 0, responder: Self.destination, timestamp: 1_000_000), index: 6)
        #expect(accepted)
        #expect(round.cutoffTTL == 3)
        // Answers beyond the destination are dropped, and nothing past TTL 3 is sent.
        let beyond = round.record(PacketEvent(kind: .echoReply(cookie: nil), key: 0, responder: Self.destination, timestamp: 1_000_000), index: 9)
        #expect(!beyond)
        #expect(round.takeSendable(now: 2_000_000).isEmpty)
    }

    @Test func aSilentHopWaitsOnlyTenTimesTheLaterRoundTrip() {
        var round = TraceRound(settings: Self.settings())
        _ = round.takeSendable(now: 0)
        for index in 0..<3 { round.record(Self.timeExceeded(from: "10.9.1.1", at: 100_000), index: index) }
        for index in 6..<9 {
            round.record(PacketEvent(kind: .echoReply(cookie: nil), key: 0, responder: Self.destination, timestamp: 1_000_000), index: index)
        }
        // Later hops answered in 1 ms: hop 2 gets 10 ms, not the 2 s wait.
        #expect(round.allowedWait(3) == 10_000_000)
        #expect(round.expire(now: 5_000_000) == 10_000_000)
        #expect(!round.isComplete)
        #expect(round.expire(now: 10_000_000) == nil)
        #expect(round.isComplete)
        #expect(round.takeFinishedHops() == [1, 2, 3])
        #expect(round.reachedDestination)
        #expect(round.probes(atTTL: 2).allSatisfy { $0.responder == nil })
    }

    @Test func hopsAreReportedInOrderOnly() {
        var round = TraceRound(settings: Self.settings())
        _ = round.takeSendable(now: 0)
        for index in 3..<6 { round.record(Self.timeExceeded(from: "10.9.2.2", at: 50_000), index: index) }
        #expect(round.takeFinishedHops().isEmpty, "hop 2 waits for hop 1")
        for index in 0..<3 { round.record(Self.timeExceeded(from: "10.9.1.1", at: 60_000), index: index) }
        #expect(round.takeFinishedHops() == [1, 2])
    }

    @Test func unreachableFromARouterEndsTheTraceWithItsAnnotation() {
        var round = TraceRound(settings: Self.settings())
        _ = round.takeSendable(now: 0)
        let unreachable = PacketEvent(kind: .icmpError(type: ICMPType.destinationUnreachable, code: 1), key: 0,
                                      responder: IPAddress("10.9.2.2")!, timestamp: 10_000)
        round.record(unreachable, index: 3)
        #expect(round.cutoffTTL == 2)
        #expect(round.slots[3].annotation == "!H")
        #expect(!round.reachedDestination)
    }

    @Test func statisticsMatchPingAndMtr() {
        let statistics = RTTStatistics([0.001, 0.002, 0.003, 0.004])
        #expect(statistics.average == 0.0025)
        #expect(statistics.best == 0.001)
        #expect(statistics.worst == 0.004)
        #expect(abs((statistics.populationDeviation ?? 0) - 0.001118) < 1e-6)
        #expect(abs((statistics.sampleDeviation ?? 0) - 0.001291) < 1e-6)
        #expect(abs(statistics.jitter - 0.001) < 1e-12)
    }

    @Test func policyRefusesDeniedAndOutsideNetworks() throws {
        let policy = try TargetPolicy(deny: ["10.0.0.0/8"], allow: ["10.0.0.0/8", "192.0.2.0/24", "2001:db8::/32"])
        #expect(policy.refusal(for: IPAddress("10.1.2.3")!) != nil)
        #expect(policy.refusal(for: IPAddress("192.0.2.9")!) == nil)
        #expect(policy.refusal(for: IPAddress("198.51.100.1")!) != nil)
        #expect(policy.refusal(for: IPAddress("2001:db8::1")!) == nil)
        #expect(TargetPolicy.standard.refusal(for: IPAddress("ff02::1")!) != nil)
        #expect(TargetPolicy.standard.refusal(for: IPAddress("0.0.0.0")!) != nil)
        #expect(throws: PolicyError.self) { try TargetPolicy(deny: ["not-a-network"]) }
    }
}

@Suite("egress policy")
struct EgressPolicyTests {
    @Test func linkLocalAndCloudMetadataAreRefusedUnlessAllowedExplicitly() throws {
        for text in ["169.254.169.254", "169.254.1.1", "fe80::1", "::ffff:169.254.169.254", "fd00:ec2::254"] {
            let refusal = TargetPolicy.standard.refusal(for: IPAddress(text)!)
            #expect(refusal?.contains("link-local") == true && refusal?.contains("\"allow\"") == true, "\(text): \(refusal ?? "allowed")")
        }
        let everything = try TargetPolicy(allow: ["0.0.0.0/0", "::/0"])
        #expect(everything.refusal(for: IPAddress("169.254.169.254")!) != nil, "0.0.0.0/0 does not open cloud metadata")
        #expect(everything.refusal(for: IPAddress("192.0.2.1")!) == nil)
        let metadata = try TargetPolicy(allow: ["0.0.0.0/0", "169.254.169.254"])
        #expect(metadata.refusal(for: IPAddress("169.254.169.254")!) == nil)
        #expect(metadata.refusal(for: IPAddress("::ffff:169.254.169.254")!) == nil)
        #expect(metadata.refusal(for: IPAddress("169.254.1.1")!) != nil)
        #expect(TargetPolicy.standard.refusal(for: IPAddress("::ffff:224.0.0.1")!) != nil, "a mapped address is checked as IPv4")
    }

    @Test func theTenantPolicyAppliesOnTopOfThePlugins() throws {
        let tenant = EgressPolicy(denied: [NetworkPrefix("10.0.0.0/8")!])
        EgressPolicy.$current.withValue(tenant) {
            #expect(TargetPolicy.standard.refusal(for: IPAddress("10.1.2.3")!)?.contains("tenant") == true)
            #expect(TargetPolicy.standard.refusal(for: IPAddress("192.0.2.1")!) == nil)
            #expect(throws: ValidationError.self) { try TargetResolver.validate("10.1.2.3", family: .any, policy: .standard) }
        }
        let onlyLab = EgressPolicy(allowed: [NetworkPrefix("192.0.2.0/24")!])
        EgressPolicy.$current.withValue(onlyLab) {
            #expect(TargetPolicy.standard.refusal(for: IPAddress("198.51.100.1")!)?.contains("outside") == true)
            #expect(TargetPolicy.standard.refusal(for: IPAddress("192.0.2.7")!) == nil)
        }
        #expect(TargetPolicy.standard.refusal(for: IPAddress("10.1.2.3")!) == nil, "no tenant bound: the plugin's policy alone")
    }

    @Test func prefixesParseAndEncodeAsText() throws {
        #expect(NetworkPrefix("10.0.0.0/8")?.description == "10.0.0.0/8")
        #expect(NetworkPrefix("2001:db8::/32")?.description == "2001:db8::/32")
        #expect(NetworkPrefix("192.0.2.1")?.length == 32)
        for bad in ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/+8", "host.example", "", "::/129", "1.2.3.4/8/1"] { #expect(NetworkPrefix(bad) == nil, "\(bad)") }
        let policy = EgressPolicy(denied: [NetworkPrefix("10.0.0.0/8")!], allowed: [])
        let text = String(decoding: try JSONEncoder().encode(policy), as: UTF8.self)
        #expect(try JSONDecoder().decode(EgressPolicy.self, from: Data(text.utf8)) == policy)
    }
}
