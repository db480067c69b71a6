import Kernel
import Logging
import ProbeICMP
import Testing

/// Single-echo runs (what monitors with `count: 1` send) go through the shared batcher: many
/// started together are sent in batches on the reader thread, and each still gets its own
/// reply, RTT and TTL. Loopback (127.0.0.0/8) answers every address, so each run has a target
/// of its own and a reply routed to the wrong run would show as a wrong address.
@Suite("probe.icmp single echoes in batches")
struct EchoBatchTests {
    private static let logger: Logger = {
        var logger = Logger(label: "echo-batch-tests")
        logger.logLevel = .critical
        return logger
    }()

    @Test func concurrentSingleEchoesEachGetTheirOwnReply() async throws {
        let runner = ProbeRunner(ICMPProbe(), kind: "ping")
        // Two rounds of 300: the second reuses the slots the first freed.
        for round in 0..<2 {
            let results = try await withThrowingTaskGroup(of: (String, ProbeResult).self) { group in
                for index in 0..<300 {
                    let address = "127.\(round + 1).\(index / 250).\(index % 250 + 1)"
                    let prepared = try runner.prepare(target: address, timeout: 5, config: .object(["count": .number(1), "timeout": .number(2)]))
                    group.addTask { (address, try await prepared.run(logger: Self.logger)) }
                }
                return try await group.reduce(into: [(String, ProbeResult)]()) { $0.append($1) }
            }
            #expect(results.count == 300)
            for (address, result) in results {
                #expect(result.status == .up, "\(address): \(String(describing: result.failure))")
                let details = result.details.objectValue ?? [:]
                #expect(details["address"] == .string(address), "the reply of \(address) reached its own run")
                #expect(details["sent"] == .number(1) && details["received"] == .number(1))
                let packets = details["packets"]?.arrayValue ?? []
                #expect(packets.count == 1)
                if case .number(let rtt)? = packets.first?["rttMs"] { #expect(rtt >= 0 && rtt < 2000) } else { Issue.record("no RTT for \(address)") }
                #expect(packets.first?["ttl"] != nil, "the reply's TTL is kept")
                #expect(result.metrics["loss_ratio"] == 0)
            }
        }
    }

    @Test func aCancelledSingleEchoEndsAndLeavesTheOthersAlone() async throws {
        let runner = ProbeRunner(ICMPProbe(), kind: "ping")
        let prepared = try runner.prepare(target: "127.0.0.1", timeout: 5, config: .object(["count": .number(1)]))
        let cancelled = Task { try await prepared.run(logger: Self.logger) }
        cancelled.cancel()
        let result = try await cancelled.value
        // Cancelled before or after the reply: either way it ends with one packet accounted for.
        #expect([ProbeStatus.up, .down].contains(result.status))
        let after = try await prepared.run(logger: Self.logger)
        #expect(after.status == .up)
    }
}
