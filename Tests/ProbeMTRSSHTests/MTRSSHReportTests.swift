import Foundation
import Kernel
@testable import ProbeMTRSSH
import SSHSupport
import Testing

/// How a remote mtr's output becomes a result, from outputs real mtr printed (no traffic:
/// the report of a trace that never arrives is text here, not a trace to a real address).
struct MTRSSHReportTests {
    static let origin = MTRSSHOrigin(RemoteHost(tenantID: .random(), name: "fra-1", address: "192.0.2.10", username: "u",
                                                credentials: .emptyObject, location: "Frankfurt"))

    static func result(_ stdout: String, status: Int = 0, stderr: String = "", target: String = "10.200.0.9",
                       options: MTRSSHOptions = MTRSSHOptions(host: RemoteHostID.random().description)) -> ProbeResult {
        let output = SSHCommandOutput(exitStatus: status, stdout: Array(stdout.utf8), stderr: Array(stderr.utf8), duration: .seconds(1))
        return MTRSSHReport(output: output, target: target, options: options, origin: origin).result
    }

    /// mtr 0.95 in a network namespace whose only route leads to a silent neighbour.
    static let unreached = """
    {\r\n    "report": {\r\n        "mtr": {\r\n            "src": "vm",\r\n            "dst": "10.200.0.9",\r\n            "tos": 0,\r\n            "tests": 2,\r\n            "psize": "64",\r\n            "bitpattern": "0x00"\r\n        },\r\n        "hubs": []\r\n    }\r\n}\r\n
    """

    /// Two hops, the second silent (`???`), as mtr 0.95 prints a path whose end does not answer.
    static let silentEnd = """
    {"report":{"mtr":{"src":"vm","dst":"10.200.0.9","tos":0,"tests":2,"psize":"64","bitpattern":"0x00"},
    "hubs":[{"count":1,"host":"10.200.0.1","Loss%":0.0,"Snt":2,"Last":0.1,"Avg":0.1,"Best":0.1,"Wrst":0.1,"StDev":0.0},
    {"count":2,"host":"???","Loss%":100.0,"Snt":2,"Last":0.0,"Avg":0.0,"Best":0.0,"Wrst":0.0,"StDev":0.0}]}}
    """

    /// mtr 0.92 prints `count`, `tests` and the times as strings.
    static let reached092 = """
    {"report":{"mtr":{"src":"vm","dst":"10.200.0.9","tos":"0x0","tests":"4","psize":"64","bitpattern":"0x00"},
    "hubs":[{"count":"1","host":"10.200.0.1","Loss%":0.00,"Snt":4,"Last":0.10,"Avg":0.10,"Best":0.10,"Wrst":0.10,"StDev":0.00},
    {"count":"2","host":"10.200.0.9","Loss%":25.00,"Snt":4,"Last":40.5,"Avg":40.0,"Best":39.5,"Wrst":40.5,"StDev":0.50}]}}
    """

    @Test("no hops, or a silent last hop: down with destination_not_reached, the hops kept")
    func unreachedDestination() {
        for text in [Self.unreached, Self.silentEnd] {
            let result = Self.result(text)
            #expect(result.status == .down)
            #expect(result.failure?.code == "destination_not_reached", "\(result)")
            #expect(result.details.objectValue?["reached"] == .bool(false))
            #expect(result.details.objectValue?["origin"]?.objectValue?["location"] == .string("Frankfurt"))
        }
        #expect(Self.result(Self.silentEnd).details.objectValue?["hops"]?.arrayValue?.count == 2)
    }

    @Test("reached: up, with loss and round trips at the destination; degraded past the thresholds")
    func reachedAndDegraded() {
        let result = Self.result(Self.reached092)
        #expect(result.status == .up)
        #expect(result.metrics["loss_ratio"] == 0.25)
        #expect(result.metrics["rtt_avg_seconds"] == 0.04)
        #expect(result.metrics["rounds"] == 4)
        let lossy = Self.result(Self.reached092, options: MTRSSHOptions(host: RemoteHostID.random().description, degradedLoss: 10))
        #expect(lossy.status == .degraded && lossy.failure?.code == "packet_loss")
        let slow = Self.result(Self.reached092, options: MTRSSHOptions(host: RemoteHostID.random().description, degradedLatency: 0.02))
        #expect(slow.status == .degraded && slow.failure?.code == "slow", "\(slow)")
        #expect(Self.result(Self.reached092, target: "10.200.0.8").failure?.code == "destination_not_reached",
                "the last hop answered, but not from the target address")
    }

    @Test("mtr missing, failing, or printing something else")
    func failures() {
        #expect(Self.result("", status: 127, stderr: "/bin/sh: 1: mtr: not found\n").failure?.code == "mtr_not_installed")
        let failed = Self.result("", status: 1, stderr: "\r\nmtr: Failed to resolve host: nowhere.invalid: Name or service not known\r\n")
        #expect(failed.failure?.code == "mtr_failed")
        #expect(failed.failure?.message.hasSuffix("Failed to resolve host: nowhere.invalid: Name or service not known") == true, "\(failed)")
        for junk in ["", "mtr: 0.95\n", "{\"report\":{}}", String(repeating: "[", count: 100_000)] {
            #expect(Self.result(junk).failure?.code == "mtr_output_invalid")
        }
    }
}
