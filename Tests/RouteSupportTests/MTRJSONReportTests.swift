import Foundation
import Kernel
import RouteSupport
import Testing

/// `mtr --json` as each mtr release prints it, and as a hostile server might.
@Suite("mtr --json reports")
struct MTRJSONReportTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)"))
    }

    @Test("mtr 0.92: count, tests and tos are strings; a silent hop; name (address)")
    func mtr092() throws {
        let report = try MTRJSONReport.parse(try Self.fixture("mtr092-strings.json"))
        #expect(report.source == "edge-1")
        #expect(report.destination == "example.net")
        #expect(report.tests == 10)
        #expect(report.hops.map(\.ttl) == [1, 2, 3])
        #expect(report.hops[0].responders == [RouteResponder(address: "192.0.2.1")])
        #expect(report.hops[0].sent == 10 && report.hops[0].received == 10 && report.hops[0].lossPercent == 0)
        #expect(report.hops[0].avgMs == 0.41 && report.hops[0].bestMs == 0.33 && report.hops[0].worstMs == 0.52 && report.hops[0].stdDevMs == 0.05)
        #expect(report.hops[1].silent && report.hops[1].lossPercent == 100 && report.hops[1].avgMs == nil)
        #expect(report.hops[2].responders == [RouteResponder(address: "198.51.100.7", name: "edge.example.net")])
        #expect(report.hops[2].received == 8 && report.hops[2].lossPercent == 20)
    }

    @Test("mtr 0.94 with CRLF line ends, an ASN member and IPv6")
    func mtr094() throws {
        let report = try MTRJSONReport.parse(try Self.fixture("mtr094-crlf-asn.json"))
        #expect(report.hops.count == 1)
        #expect(report.hops[0].responders.first?.address == "2001:db8::1")
        #expect(report.hops[0].sent == 3 && report.hops[0].received == 2)
        #expect(report.hops[0].lossPercent == 33.33)
    }

    @Test("mtr 0.95 as installed here: numbers, psize and bitpattern as strings")
    func mtr095() throws {
        let text = #"{"report":{"mtr":{"src":"vm","dst":"127.0.0.1","tos":0,"tests":2,"psize":"64","bitpattern":"0x00"},"hubs":[{"count":1,"host":"127.0.0.1","Loss%":0.0,"Snt":2,"Last":0.075,"Avg":0.072,"Best":0.07,"Wrst":0.075,"StDev":0.003}]}}"#
        let report = try MTRJSONReport.parse(Array(text.utf8))
        #expect(report.tests == 2)
        #expect(report.hops == [RouteHop(ttl: 1, responders: [RouteResponder(address: "127.0.0.1")], sent: 2, received: 2, lossPercent: 0,
                                         lastMs: 0.075, avgMs: 0.072, bestMs: 0.07, worstMs: 0.075, stdDevMs: 0.003)])
    }

    @Test("truncated, hostile or wrong input is an error naming the member, never a crash", arguments: [
        ("", "not JSON"),
        (#"{"report":{"mtr":{},"hubs":[{"count":1,"host":"1.2.3.4","Loss%":0,"Snt":1"#, "not JSON"),
        (#"{"hubs":[]}"#, "no \"report\""),
        (#"{"report":{"mtr":{}}}"#, "report.hubs"),
        (#"{"report":{"hubs":[{"count":0,"host":"a"}]}}"#, "report.hubs[0].count"),
        (#"{"report":{"hubs":[{"count":1,"Loss%":"lots"}]}}"#, "report.hubs[0].Loss%"),
        (#"{"report":{"hubs":[{"count":1,"Loss%":250}]}}"#, "report.hubs[0].Loss%"),
        (#"{"report":{"hubs":[{"count":1,"Snt":-3}]}}"#, "report.hubs[0].Snt"),
        (#"{"report":{"hubs":[{"count":1.5}]}}"#, "whole number"),
        (#"{"report":{"hubs":[{"count":1,"host":7}]}}"#, "report.hubs[0].host"),
        (#"{"report":{"hubs":[17]}}"#, "report.hubs[0] is not an object"),
        (#"{"report":{"mtr":{"tests":"1e400"},"hubs":[]}}"#, "report.mtr.tests"),
    ])
    func hostile(_ text: String, _ expected: String) {
        #expect {
            try MTRJSONReport.parse(Array(text.utf8))
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test("at most 255 hops and 1 MiB")
    func bounds() {
        let hubs = (1...256).map { #"{"count":\#($0 % 255 + 1)}"# }.joined(separator: ",")
        #expect(throws: MTRJSONReport.Failure.self) { try MTRJSONReport.parse(Array(#"{"report":{"hubs":[\#(hubs)]}}"#.utf8)) }
        #expect(throws: MTRJSONReport.Failure.self) { try MTRJSONReport.parse([UInt8](repeating: 0x20, count: MTRJSONReport.maximumSize + 1)) }
    }
}
