import Foundation
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
    }
}
