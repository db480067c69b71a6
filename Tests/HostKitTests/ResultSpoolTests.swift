import Foundation
@testable import HostKit
import Kernel
import KernelTesting
import Logging
import Spool
import Synchronization
import Testing

/// The server's result spool: results produced while the store is unreachable wait on disk
/// (a real `SQLiteSpool` file), survive the writer (a killed process), and are written once,
/// in order, with their states and events, when the store is back.
struct ResultSpoolTests {
    private let logger = Logger(label: "test")

    private func spoolPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("result-spool-\(UUID().uuidString).sqlite").path
    }

    private func changed(_ monitor: MonitorID, tenant: TenantID, to status: MonitorStatus) -> Event {
        Event(tenantID: tenant, MonitorStatusChanged(monitorID: monitor, from: .up, to: status, failure: nil))
    }

    @Test func resultsOfAStoreOutageWaitOnDiskAndAreWrittenInOrderByTheNextProcess() async throws {
        let store = InMemoryStore()
        let tenant = try await Fixtures.tenant(in: store)
        let created = Fixtures.monitor(tenant: tenant)
        try await store.monitors.create(created, tenant: tenant)
        let monitor = created.id
        let path = spoolPath()
        await store.setFailing(true)
        // The process that saw the outage: every result goes to the spool, nothing stays in memory.
        do {
            let writer = ResultWriter(store: store, logger: logger, maxBatch: 4, spool: try SQLiteSpool(path: path))
            for second in 0..<10 {
                let state = MonitorStateUpdate(tenantID: tenant, monitorID: monitor,
                                               state: MonitorState(status: second < 5 ? .up : .down, consecutiveFailures: max(0, second - 4)))
                await writer.enqueue(Fixtures.record(tenant: tenant, monitor: monitor, at: Double(second), status: second < 5 ? .up : .down),
                                     state: state, events: second == 5 ? [changed(monitor, tenant: tenant, to: .down)] : [])
                if second % 3 == 0 { #expect(await writer.flush() == false) }
            }
            #expect(await writer.flush() == false)
            #expect(await writer.failing)
            #expect(await writer.pending == 0, "nothing waits in memory")
            #expect(await writer.spooled == 10)
        }
        // The next process, with the store back: the spool goes in first.
        await store.setFailing(false)
        let spool = try SQLiteSpool(path: path)
        #expect(await spool.depth >= 10)
        let bus = EventBus()
        let published = bus.subscribe(EventFilter(topics: [MonitorStatusChanged.eventName]))
        let writer = ResultWriter(store: store, events: bus, logger: logger, maxBatch: 4, spool: spool)
        #expect(await writer.flush())
        #expect(await writer.failing == false)
        #expect(await spool.depth == 0)
        #expect(await writer.replayed == 10)
        let stored = try await store.results.list(tenant: tenant, scope: .monitor(monitor), from: nil, to: nil, page: PageRequest(limit: 100)).items
        #expect(stored.map(\.startedAt).sorted() == (0..<10).map { Fixtures.time(Double($0)) }, "each result once")
        let state = try await store.monitors.state(of: monitor, tenant: tenant)
        #expect(state?.status == .down && state?.consecutiveFailures == 5, "the latest state: \(String(describing: state))")
        let outbox = try await store.checks.outboxAllTenants(after: 0, limit: 100).compactMap { $0.event.payload(as: MonitorStatusChanged.self) }
        #expect(outbox.map(\.to) == [.down], "the status change is in the outbox once")
        var iterator = published.makeAsyncIterator()
        #expect(await iterator.next()?.payload(as: MonitorStatusChanged.self)?.to == .down, "and published once stored")
    }

    @Test func aReplayCommittedButNotAcknowledgedBeforeAKillIsNotStoredTwice() async throws {
        let store = InMemoryStore()
        let tenant = try await Fixtures.tenant(in: store)
        let monitor = MonitorID.random()
        let path = spoolPath()
        await store.setFailing(true)
        let first = ResultWriter(store: store, logger: logger, spool: try SQLiteSpool(path: path))
        for second in 0..<6 {
            await first.enqueue(Fixtures.record(tenant: tenant, monitor: monitor, at: Double(second)), state: nil)
        }
        #expect(await first.flush() == false)
        await store.setFailing(false)
        // The store commits the replay, then the process dies before removing the entries.
        let forgetful = ForgetfulSpool(try SQLiteSpool(path: path))
        let second = ResultWriter(store: store, logger: logger, spool: forgetful)
        #expect(await second.flush() == false, "the acknowledgement failed")
        #expect(await forgetful.depth == 6, "still spooled")
        let third = ResultWriter(store: store, logger: logger, spool: try SQLiteSpool(path: path))
        #expect(await third.flush())
        #expect(await third.replayed == 0, "the delivery cursor says they are stored")
        let stored = try await store.results.list(tenant: tenant, scope: .monitor(monitor), from: nil, to: nil, page: PageRequest(limit: 100)).items
        #expect(stored.count == 6)
        #expect(try await SQLiteSpool(path: path).depth == 0)
    }

    @Test func resultsEnqueuedBehindASpoolAreWrittenAfterIt() async throws {
        let store = InMemoryStore()
        let tenant = try await Fixtures.tenant(in: store)
        let monitor = MonitorID.random()
        let writer = ResultWriter(store: store, logger: logger, maxBatch: 3, spool: try SQLiteSpool(path: spoolPath()))
        await store.setFailing(true)
        for second in 0..<5 { await writer.enqueue(Fixtures.record(tenant: tenant, monitor: monitor, at: Double(second)), state: nil) }
        #expect(await writer.flush() == false)
        await store.setFailing(false)
        for second in 5..<8 { await writer.enqueue(Fixtures.record(tenant: tenant, monitor: monitor, at: Double(second)), state: nil) }
        #expect(await writer.flush())
        let ids = try await store.results.exportAllTenants(afterID: nil, limit: 100).map(\.startedAt)
        #expect(ids == (0..<8).map { Fixtures.time(Double($0)) }, "stored in the order they ran")
    }

    @Test func aSpoolOverItsBoundDropsTheOldestAndCountsThem() async throws {
        let store = InMemoryStore()
        let tenant = try await Fixtures.tenant(in: store)
        let spool = try SQLiteSpool(path: spoolPath(), maxBytes: 4_000)
        let writer = ResultWriter(store: store, logger: logger, spool: spool)
        await store.setFailing(true)
        for second in 0..<40 { await writer.enqueue(Fixtures.record(tenant: tenant, monitor: nil, at: Double(second)), state: nil) }
        #expect(await writer.flush() == false)
        let dropped = await spool.dropped
        #expect(dropped > 0)
        await store.setFailing(false)
        #expect(await writer.flush())
        let stored = try await store.results.exportAllTenants(afterID: nil, limit: 100).map(\.startedAt)
        #expect(Int64(stored.count) + dropped == 40)
        #expect(stored == (Int(dropped)..<40).map { Fixtures.time(Double($0)) }, "the newest kept, the oldest dropped")
    }
}

/// A spool whose acknowledgements fail: a process killed between the store's commit and the
/// removal of the entries.
private actor ForgetfulSpool: DurableSpool {
    private let inner: SQLiteSpool
    nonisolated let epoch: String

    init(_ inner: SQLiteSpool) {
        self.inner = inner
        epoch = inner.epoch
    }

    func append(_ payloads: [Data]) async throws -> Int64 { try await inner.append(payloads) }
    func oldest(limit: Int) async throws -> [DurableSpoolEntry] { try await (inner as any DurableSpool).oldest(limit: limit) }
    func acknowledge(_ sequence: Int64) async throws { throw CancellationError() }
    var depth: Int { get async { await inner.depth } }
}
