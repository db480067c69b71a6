import Foundation
import Kernel
import RouteSupport
import Testing

/// probe.traceroute and probe.mtr against real packets through the namespace topology.
@Suite(.serialized) struct TracerouteTests {
    @Test(arguments: ["icmp", "udp", "tcp"])
    func everyMethodFindsTheExactHops(method: String) async throws {
        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        for (target, hops) in [("10.9.3.2", NetworkTopology.hopsV4), ("fd09:3::2", NetworkTopology.hopsV6)] {
            let (outcome, record) = try await topology.probe(["traceroute", target, "--method", method])
            #expect(outcome.status == 0, "\(method) \(target): \(outcome.stderr)")
            #expect(record.status == "up")
            #expect(record.details["reached"] as? Bool == true)
            #expect(record.hopAddresses == hops.map { [$0, $0, $0] }, "\(method) \(target)")
            #expect(record.details["method"] as? String == method)
        }
    }

    @Test func aSilentHopIsShownAndTheTraceGoesOn() async throws {
        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        try await topology.silenceRouter2()
        for (target, hops) in [("10.9.3.2", NetworkTopology.hopsV4), ("fd09:3::2", NetworkTopology.hopsV6)] {
            for method in ["icmp", "udp"] {
                let (outcome, record) = try await topology.probe(["traceroute", target, "--method", method, "--options", #"{"wait": 3}"#])
                #expect(outcome.status == 0)
                #expect(record.hopAddresses == [[hops[0], hops[0], hops[0]], [nil, nil, nil], [hops[2], hops[2], hops[2]]])
                let hop2 = (record.details["hops"] as? [[String: Any]])?[1]
                #expect(hop2?["silent"] as? Bool == true)
                // The silent hop is given up on once later hops answered, not after the 3 s wait.
                let duration = try #require(record.details["durationMs"] as? Double)
                #expect(duration < 3000, "\(method) \(target) waited \(duration) ms for the silent hop")
            }
        }
    }

    @Test func mtrMeasuresInjectedLossAtTheDestination() async throws {
        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        try await topology.dropOneIn(10)
        // router1 drops 10 % of forwarded packets each way: 1 - 0.9² = 19 % of round trips.
        let (outcome, record) = try await topology.probe(["mtr", "10.9.3.2", "-c", "400", "-i", "0.005"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try #require(record.details["report"] as? [String: Any])
        let hubs = try #require(report["hubs"] as? [[String: Any]])
        #expect(hubs.map { $0["host"] as? String } == NetworkTopology.hopsV4)
        for key in ["count", "host", "Loss%", "Snt", "Last", "Avg", "Best", "Wrst", "StDev"] {
            #expect(hubs[0][key] != nil, "mtr field \(key)")
        }
        // router1 answers itself (its answers are not forwarded, so not dropped); with 5 ms
        // rounds an answer delayed by a busy machine may still count as lost, as in mtr.
        #expect((hubs[0]["Loss%"] as? Double ?? 100) < 2)
        let loss = try #require(hubs[2]["Loss%"] as? Double)
        // 3 standard deviations of a binomial with p = 0.19 and n = 400 is ±5.9 points.
        #expect((13...25).contains(loss), "measured \(loss) % loss, expected 19 ± 6 %")
        let mtrSection = try #require(report["mtr"] as? [String: Any])
        #expect(mtrSection["tests"] as? Int == 400)
        #expect(mtrSection["dst"] as? String == "10.9.3.2")
        // The same hops in the shape every route measurement shares (RouteHop), with the
        // same figures as the mtr report.
        let hops = try #require(RouteHop.hops(in: try JSONValue.parse(JSONSerialization.data(withJSONObject: record.details))))
        #expect(hops.map { $0.responders.map(\.address) } == NetworkTopology.hopsV4.map { [$0] })
        #expect(hops.map(\.lossPercent) == hubs.map { $0["Loss%"] as? Double ?? -1 })
        #expect(hops.allSatisfy { $0.sent == 400 && $0.probes == nil })
    }

    @Test func tracerouteAndMTRReportTheSameTypedHops() async throws {
        let topology = try await NetworkTopology()
        defer { topology.tearDown() }
        let (_, trace) = try await topology.probe(["traceroute", "10.9.3.2"])
        let (_, mtr) = try await topology.probe(["mtr", "10.9.3.2", "-c", "3", "-i", "0.05"])
        let traced = try #require(RouteHop.hops(in: try JSONValue.parse(JSONSerialization.data(withJSONObject: trace.details))))
        let measured = try #require(RouteHop.hops(in: try JSONValue.parse(JSONSerialization.data(withJSONObject: mtr.details))))
        #expect(traced.map(\.ttl) == [1, 2, 3] && measured.map(\.ttl) == [1, 2, 3])
        #expect(traced.map { $0.responders.map(\.address) } == measured.map { $0.responders.map(\.address) })
        #expect(traced.allSatisfy { $0.sent == 3 && $0.received == 3 && $0.probes?.count == 3 && $0.avgMs != nil })
        #expect(measured.allSatisfy { $0.sent == 3 && $0.received == 3 && $0.bestMs != nil && $0.worstMs != nil })
    }
}
