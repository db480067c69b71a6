import Foundation
@testable import HostKit
import Kernel
import Testing

/// The hand-written result JSON says what `JSONEncoder` says: the same object for up, down
/// and degraded results, with and without ids, monitors, latency and failures, with text that
/// needs escaping and numbers of every shape; records with probe events use the encoder.
@Suite("result record JSON")
struct ResultRecordJSONTests {
    static let tenant = TenantID.random()

    static let records: [ResultRecord] = [
        ResultRecord(id: 42, tenantID: tenant, monitorID: MonitorID.random(), kind: "http", target: "https://example.net/a?b=\"c\"&d=/e",
                     startedAt: Date(timeIntervalSince1970: 1_764_780_001.1235), duration: 0.0012,
                     result: ProbeResult(status: .up, latency: 1e-7, metrics: ["connect_seconds": 0.000123, "http_status": 200, "big": 12_345_678.9],
                                         details: .object(["headers": .array([.string("a: b\r\n"), .string("tab\there"), .string("nul\u{0}bell\u{7}")]),
                                                           "unicode": .string("é ✓ 🙂"), "slash": .string("a/b"), "null": .null, "bool": .bool(false),
                                                           "nested": .object(["z": .number(3), "a": .number(-0.5)])]))),
        ResultRecord(tenantID: tenant, monitorID: nil, kind: "tcp", target: "127.0.0.1:1",
                     startedAt: Date(timeIntervalSince1970: 0.0005), duration: 3,
                     result: ProbeResult(status: .down, failure: ProbeFailure(code: "refused", message: "connection refused by \"127.0.0.1\"\n"))),
        ResultRecord(tenantID: tenant, monitorID: nil, kind: "tls", target: "localhost:443",
                     startedAt: Date(timeIntervalSince1970: 1_800_000_000.999), duration: 1e-9,
                     result: ProbeResult(status: .degraded, latency: 0.25, failure: ProbeFailure(code: "expires_soon", message: ""),
                                         metrics: [:], details: .emptyObject)),
    ]

    @Test(arguments: records) func writesWhatTheEncoderWrites(_ record: ResultRecord) throws {
        let fast = try #require(ResultRecordJSON.text(record))
        let encoded = try APIEncoding.encoder.encode(record)
        #expect(try JSONValue.parse(Data(fast.utf8)) == JSONValue.parse(encoded), "\(fast)\n\(String(decoding: encoded, as: UTF8.self))")
    }

    @Test func recordsWithProbeEventsUseTheEncoder() {
        var record = Self.records[1]
        record.result.events = [ProbeEvent(name: "hop", payload: .object(["ttl": .number(1)]))]
        #expect(ResultRecordJSON.text(record) == nil)
    }
}
