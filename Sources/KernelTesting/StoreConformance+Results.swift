import Foundation
import Kernel

extension StoreConformance {
    static let resultCases: [StoreConformanceCase] = [
        .init("results: append and list newest first with every field") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            var records = (0..<3).map { Fixtures.record(tenant: tenant, monitor: monitor.id, at: Double($0), status: $0 == 1 ? .down : .up) }
            records[1].location = AgentID.random().description
            try await store.results.append(records)
            let page = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest())
            try expectEqual(page.items.count, 3, "results listed")
            try expectEqual(page.items[0].location, nil, "a server's result has no location")
            try expect(page.items.map(\.startedAt).elementsEqual(records.reversed().map(\.startedAt), by: Fixtures.close), "newest first")
            var stored = page.items[1]
            try expect(stored.id != nil, "an id is assigned")
            try expect(Fixtures.close(stored.startedAt, records[1].startedAt), "startedAt round-trips")
            stored.id = nil
            stored.startedAt = records[1].startedAt
            try expectEqual(stored, records[1], "a result round-trips every field")
        },
        .init("results: the latest of every monitor of every tenant in one read") { store in
            let first = try await Fixtures.tenant(in: store, name: "First")
            let second = try await Fixtures.tenant(in: store, name: "Second")
            let busy = Fixtures.monitor(tenant: first, name: "busy")
            let quiet = Fixtures.monitor(tenant: second, name: "quiet")
            let fresh = Fixtures.monitor(tenant: second, name: "fresh")
            for (monitor, tenant) in [(busy, first), (quiet, second), (fresh, second)] { try await store.monitors.create(monitor, tenant: tenant) }
            // Appended out of order: the latest is the one that started last, not the last stored.
            try await store.results.append([Fixtures.record(tenant: first, monitor: busy.id, at: 120, status: .down),
                                             Fixtures.record(tenant: first, monitor: busy.id, at: 60)])
            try await store.results.append([Fixtures.record(tenant: first, monitor: busy.id, at: 0),
                                             Fixtures.record(tenant: second, monitor: quiet.id, at: 30),
                                             Fixtures.record(tenant: second, monitor: nil, at: 500)])
            let latest = try await store.results.latestOfEveryMonitor()
            try expectEqual(latest.count, 2, "one result per monitor that has any (none for the fresh monitor or one-shot probes)")
            let byMonitor = Dictionary(uniqueKeysWithValues: latest.compactMap { record in record.monitorID.map { ($0, record) } })
            try expect(Fixtures.close(byMonitor[busy.id]?.startedAt, Fixtures.time(120)), "busy's latest started at 120 s")
            try expectEqual(byMonitor[busy.id]?.result.status, .down, "busy's latest is the down result")
            try expectEqual(byMonitor[quiet.id]?.tenantID, second, "quiet's latest is in its own tenant")
        },
        .init("results: scopes, time ranges and pages") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            try await store.results.append((0..<10).map { Fixtures.record(tenant: tenant, monitor: monitor.id, at: Double($0) * 60) })
            try await store.results.append([Fixtures.record(tenant: tenant, monitor: nil, at: 30)])
            let adHoc = try await store.results.list(tenant: tenant, scope: .adHoc, from: nil, to: nil, page: PageRequest())
            try expectEqual(adHoc.items.count, 1, "one-shot results")
            try expectEqual(adHoc.items.first?.monitorID == nil, true, "one-shot result has no monitor")
            let ranged = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: Fixtures.time(120), to: Fixtures.time(300), page: PageRequest())
            try expectEqual(ranged.items.count, 3, "results in [120 s, 300 s)")
            var seen = 0, cursor: String?, pages = 0
            repeat {
                let page = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest(limit: 4, cursor: cursor))
                seen += page.items.count
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            try expectEqual(seen, 10, "results over all pages")
            try expectEqual(pages, 3, "pages of 4 for 10 results")
        },
        .init("results: another tenant sees none") { store in
            let owner = try await Fixtures.tenant(in: store, name: "A")
            let other = try await Fixtures.tenant(in: store, name: "B")
            let monitor = Fixtures.monitor(tenant: owner)
            try await store.monitors.create(monitor, tenant: owner)
            try await store.results.append([Fixtures.record(tenant: owner, monitor: monitor.id, at: 0), Fixtures.record(tenant: owner, monitor: nil, at: 0)])
            try await expectEqual(store.results.list(tenant: other, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest()).items.count, 0, "other tenant's monitor results")
            try await expectEqual(store.results.list(tenant: other, scope: .adHoc, from: nil, to: nil, page: PageRequest()).items.count, 0, "other tenant's probe history")
            try await expectEqual(store.results.uptime(tenant: other, monitor: monitor.id, since: Fixtures.time(-1)).checks, 0, "other tenant's uptime")
            try await expectEqual(store.results.statusBuckets(tenant: other, monitor: monitor.id, from: Fixtures.time(0), to: Fixtures.time(3600), bucketSeconds: 3600).first?.total, 0, "other tenant's history")
        },
    ]

    static let rollupCases: [StoreConformanceCase] = [
        .init("rollups: 72 hourly buckets count up, degraded and down") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            var records: [ResultRecord] = []
            for hour in [0, 5, 71] {
                for minute in 0..<4 {
                    let status: ProbeStatus = minute == 0 ? .down : (minute == 1 ? .degraded : .up)
                    records.append(Fixtures.record(tenant: tenant, monitor: monitor.id, at: Double(hour * 3600 + minute * 60), status: status))
                }
            }
            records.append(Fixtures.record(tenant: tenant, monitor: monitor.id, at: 72 * 3600))
            try await store.results.append(records)
            let buckets = try await store.results.statusBuckets(tenant: tenant, monitor: monitor.id, from: Fixtures.time(0), to: Fixtures.time(72 * 3600), bucketSeconds: 3600)
            try expectEqual(buckets.count, 72, "buckets in 72 h")
            try expect(Fixtures.close(buckets[5].start, Fixtures.time(5 * 3600)), "bucket 5 starts at hour 5")
            for hour in [0, 5, 71] {
                try expectEqual([buckets[hour].up, buckets[hour].degraded, buckets[hour].down], [2, 1, 1], "counts in hour \(hour)")
            }
            try expectEqual(buckets.map(\.total).reduce(0, +), 12, "results inside the window only")
        },
        .init("rollups: uptime counts results since a time") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            let statuses: [ProbeStatus] = [.down, .up, .up, .degraded, .down, .up]
            try await store.results.append(statuses.enumerated().map { Fixtures.record(tenant: tenant, monitor: monitor.id, at: Double($0.offset) * 60, status: $0.element) })
            let all = try await store.results.uptime(tenant: tenant, monitor: monitor.id, since: Fixtures.time(0))
            try expectEqual(all, UptimeFigure(checks: 6, up: 3, degraded: 1, down: 2), "uptime of all")
            try expectEqual(all.ratio, 4.0 / 6.0, "ratio counts degraded as up")
            let recent = try await store.results.uptime(tenant: tenant, monitor: monitor.id, since: Fixtures.time(60))
            try expectEqual(recent.checks, 5, "results since 60 s")
        },
        .init("rollups: results in maintenance are kept, counted apart and left out of uptime") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            var records = [ProbeStatus.up, .down, .down, .up].enumerated().map {
                Fixtures.record(tenant: tenant, monitor: monitor.id, at: Double($0.offset) * 60, status: $0.element)
            }
            records[1].maintenance = true
            records[2].maintenance = true
            try await store.results.append(records)
            let stored = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest(limit: 10)).items
            try expectEqual(stored.map(\.maintenance), [false, true, true, false], "the flag is stored (newest first)")
            try expectEqual(stored.map(\.result.status), [.up, .down, .down, .up], "with the status found")
            let figure = try await store.results.uptime(tenant: tenant, monitor: monitor.id, since: Fixtures.time(0))
            try expectEqual(figure, UptimeFigure(checks: 2, up: 2, degraded: 0, down: 0, maintenance: 2), "maintenance is left out of uptime")
            try expectEqual(figure.ratio, 1, "a down check in maintenance costs no uptime")
            let buckets = try await store.results.statusBuckets(tenant: tenant, monitor: monitor.id, from: Fixtures.time(0), to: Fixtures.time(3600), bucketSeconds: 3600)
            try expectEqual([buckets[0].up, buckets[0].down, buckets[0].maintenance], [2, 0, 2], "the bar shows maintenance")
            let exported = try await store.results.exportAllTenants(afterID: nil, limit: 100).filter { $0.tenantID == tenant }
            try expectEqual(exported.filter(\.maintenance).count, 2, "an export (store migrate) carries the flag")
        },
        .init("retention: prune deletes older results of every tenant only") { store in
            let a = try await Fixtures.tenant(in: store, name: "A"), b = try await Fixtures.tenant(in: store, name: "B")
            try await store.results.append([
                Fixtures.record(tenant: a, monitor: nil, at: 0), Fixtures.record(tenant: b, monitor: nil, at: 10),
                Fixtures.record(tenant: a, monitor: nil, at: 100),
            ])
            try await expectEqual(store.results.pruneAllTenants(olderThan: Fixtures.time(50)), 2, "pruned")
            try await expectEqual(store.results.list(tenant: a, scope: .adHoc, from: nil, to: nil, page: PageRequest()).items.count, 1, "kept")
            try await expectEqual(store.results.list(tenant: b, scope: .adHoc, from: nil, to: nil, page: PageRequest()).items.count, 0, "pruned in B")
        },
    ]
}
