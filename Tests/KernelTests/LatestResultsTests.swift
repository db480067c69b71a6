import Foundation
@testable import Kernel
import Testing

/// `/metrics` reads the last results beside the engine: the first monitors by tenant and id,
/// picked without sorting them all, and the engine's table of jobs.
@Suite("latest results and the job table")
struct LatestResultsTests {
    @Test func theFirstMonitorsByTenantAndIdAreTheOnesTheirTextSortsFirst() {
        let board = LatestResults()
        let tenants = [TenantID.random(), TenantID.random(), TenantID.random()]
        var all: [LatestResult] = []
        for index in 0..<2_000 {
            let monitor = Monitor(tenantID: tenants[index % 3], name: "m\(index)", kind: "tcp", target: "127.0.0.1:1", interval: 60, timeout: 5)
            let latest = LatestResult(monitor: monitor, result: ProbeResult(status: index.isMultiple(of: 7) ? .down : .up, latency: 0.001))
            board.record(latest)
            all.append(latest)
        }
        let expected = all.map { "\($0.tenantID) \($0.monitorID)" }.sorted()
        let (first, total) = board.first(150)
        #expect(total == 2_000)
        #expect(first.map { "\($0.tenantID) \($0.monitorID)" } == Array(expected.prefix(150)))
        #expect(board.first(5_000).results.count == 2_000, "fewer than the limit: all of them, sorted")
        #expect(board.first(5_000).results.map { "\($0.tenantID) \($0.monitorID)" } == expected)

        // A newer result replaces the older; a monitor removed is gone.
        let one = all[0]
        board.record(LatestResult(monitor: Monitor(id: one.monitorID, tenantID: one.tenantID, name: "renamed", kind: "tcp", target: "x:1",
                                                   interval: 60, timeout: 5), result: ProbeResult(status: .down)))
        #expect(board.result(of: one.monitorID)?.name == "renamed")
        #expect(board.count == 2_000)
        board.remove(one.monitorID)
        #expect(board.result(of: one.monitorID) == nil)
        #expect(board.first(10).total == 1_999)
    }

    @Test func theJobTableFindsEveryJobAfterRemovalsMoveOthers() {
        struct Job: ScheduledJob {
            let id: Int
            var interval: Double { 1 }
            var phase: Double { 0 }
            var nextRunAt: Date?
            var lastRunAt: Date? { nil }
            var value = 0
            mutating func makeRun() -> JobRun<Int> { JobRun(deadline: 1) { 0 } overrun: { 0 } }
            mutating func complete(_ outcome: Int, startedAt: Date, duration: Double) -> Int { outcome }
            func completeRemoved(_ outcome: Int, startedAt: Date, duration: Double) -> Int { outcome }
            func hasSameDefinition(as other: Job) -> Bool { id == other.id }
            mutating func carryOver(from previous: Job) {}
        }
        var table = JobTable<Job>()
        table.reserve(100)
        for id in 0..<100 { table.put(.init(job: Job(id: id), generation: UInt64(id))) }
        for id in stride(from: 0, to: 100, by: 3) { #expect(table.remove(id)?.job.id == id) }
        #expect(table.remove(0) == nil, "removed once")
        table.update(50) { $0.job.value = 7 }
        table.put(.init(job: Job(id: 1, value: 9), generation: 500))
        #expect(table.count == 66)
        for id in 0..<100 {
            let entry = table[id]
            if id.isMultiple(of: 3) {
                #expect(entry == nil && !table.contains(id))
            } else {
                #expect(entry?.job.id == id && table.contains(id), "job \(id) is found where the removals moved it")
            }
        }
        #expect(table[50]?.job.value == 7 && table[1]?.job.value == 9 && table[1]?.generation == 500)
        #expect(Set(table.ids) == Set((0..<100).filter { !$0.isMultiple(of: 3) }))
        #expect(Set(table.all.map(\.job.id)) == Set(table.ids))
    }
}
