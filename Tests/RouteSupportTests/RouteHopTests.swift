import Foundation
import Kernel
import RouteSupport
import Testing

/// The typed hop: its JSON, what it reads back (including results stored before it existed),
/// and its mtr --json view.
@Suite("RouteHop")
struct RouteHopTests {
    let hop = RouteHop(ttl: 2, responders: [RouteResponder(address: "10.9.2.2", name: "r2.example"), RouteResponder(address: "10.9.2.3")],
                       sent: 4, received: 3, lossPercent: RouteHop.lossPercent(sent: 4, received: 3),
                       lastMs: 0.5, avgMs: 0.4, bestMs: 0.3, worstMs: 0.5, stdDevMs: 0.1,
                       probes: [RouteReply(address: "10.9.2.2", rttMs: 0.3), RouteReply(address: nil, rttMs: nil)])

    @Test func roundTripsThroughItsJSON() throws {
        let json = hop.json
        #expect(json.objectValue?["silent"] == .bool(false))
        #expect(json.objectValue?["lossPercent"] == .number(25))
        // A probe without an answer keeps explicit nulls, as traceroute has always shown it.
        #expect(json.objectValue?["probes"]?.arrayValue?[1] == .object(["address": .null, "rttMs": .null]))
        #expect(RouteHop(json: json) == hop)
        #expect(RouteHop.hops(in: .object(["hops": .array([json, json])])) == [hop, hop])
    }

    @Test func readsHopsStoredBeforeTheTypedModelAndIgnoresUnknownMembers() throws {
        // probe.traceroute's hop before RouteHop: no sent/received or round-trip statistics.
        let stored = try JSONValue.parse(Data(#"""
            {"hops":[{"ttl":1,"responders":[{"address":"127.0.0.1"}],"probes":[{"address":"127.0.0.1","rttMs":0.04,"replyTTL":64}],
                      "silent":false,"lossPercent":0,"asn":64500}]}
            """#.utf8))
        let hops = try #require(RouteHop.hops(in: stored))
        #expect(hops.first?.responders.first?.address == "127.0.0.1")
        #expect(hops.first?.probes?.first?.replyTTL == 64)
        #expect(hops.first?.sent == 0 && hops.first?.avgMs == nil)
        #expect(RouteHop.hops(in: .object(["report": .emptyObject])) == nil)
        #expect(RouteHop.hops(in: .object(["hops": .array([.string("not a hop")])])) == nil)
    }

    @Test func itsMTRViewIsAnMTRHub() {
        let hub = hop.mtrHub.objectValue ?? [:]
        #expect(hub["count"] == .number(2))
        #expect(hub["host"] == .string("r2.example"))
        #expect(hub["Loss%"] == .number(25) && hub["Snt"] == .number(4))
        #expect(hub["Avg"] == .number(0.4) && hub["StDev"] == .number(0.1))
        let silent = RouteHop(ttl: 3, responders: [], sent: 2, received: 0, lossPercent: 100)
        #expect(silent.mtrHub.objectValue?["host"] == .string("???"))
        #expect(silent.mtrHub.objectValue?["Avg"] == .number(0))
    }

    @Test func lossIsInPercentWithTwoDecimals() {
        #expect(RouteHop.lossPercent(sent: 3, received: 2) == 33.33)
        #expect(RouteHop.lossPercent(sent: 0, received: 0) == 0)
    }
}
