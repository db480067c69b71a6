import Foundation
import Kernel

extension StoreConformance {
    /// `MonitorRepository.search`: every store answers a search as the default (read all,
    /// filter) does, whether it filters itself or not.
    static let searchCases: [StoreConformanceCase] = [
        .init("monitors: search by words, status, kind and tag, with a total and offset pages") { store in
            let tenant = try await Fixtures.tenant(in: store, name: "A")
            let other = try await Fixtures.tenant(in: store, name: "B")
            var monitors: [Monitor] = []
            for index in 0..<12 {
                var monitor = Fixtures.monitor(tenant: tenant, name: "Service-\(index)-API", created: Double(index))
                monitor.kind = index % 2 == 0 ? "tcp" : "http"
                monitor.target = index % 2 == 0 ? "db\(index).example.net:5432" : "https://api.example.org/v\(index)"
                monitor.tags = index % 4 == 0 ? ["edge", "eu"] : ["core"]
                monitor.paused = index == 5
                try await store.monitors.create(monitor, tenant: tenant)
                monitors.append(monitor)
            }
            try await store.monitors.create(Fixtures.monitor(tenant: other, name: "Service-0-API"), tenant: other)
            try await store.monitors.saveStates([
                MonitorStateUpdate(tenantID: tenant, monitorID: monitors[1].id, state: MonitorState(status: .down)),
                MonitorStateUpdate(tenantID: tenant, monitorID: monitors[2].id, state: MonitorState(status: .up)),
                MonitorStateUpdate(tenantID: tenant, monitorID: monitors[5].id, state: MonitorState(status: .up)),
            ])
            func ids(_ search: MonitorSearch) async throws -> ([MonitorID], Int) {
                let page = try await store.monitors.search(tenant: tenant, search)
                return (page.items.map(\.monitor.id), page.total)
            }
            let everything = try await ids(MonitorSearch(limit: 5))
            try expectEqual(everything.0, Array(monitors.prefix(5).map(\.id)), "the first page in creation order")
            try expectEqual(everything.1, 12, "total of the tenant's monitors only")
            let lastPage = try await ids(MonitorSearch(offset: 10, limit: 5))
            try expectEqual(lastPage.0, [monitors[10].id, monitors[11].id], "the last page")
            try expectEqual(try await ids(MonitorSearch(words: ["SERVICE-1-"])).0, [monitors[1].id], "a word in the name, any case")
            try expectEqual(try await ids(MonitorSearch(words: ["api.example.org/v3"])).0, [monitors[3].id], "a word in the target")
            try expectEqual(try await ids(MonitorSearch(words: ["edge", "service-8"])).0, [monitors[8].id], "every word, one in a tag")
            try expectEqual(try await ids(MonitorSearch(words: ["nothing"])).1, 0, "no match")
            try expectEqual(try await ids(MonitorSearch(words: [#""core""#])).1, 0, "tags are matched as words, not as their stored JSON")
            try expectEqual(try await ids(MonitorSearch(words: ["edge\u{1}eu"])).1, 3, "tags joined as the default joins them")
            try expectEqual(try await ids(MonitorSearch(tags: ["edge"])).1, 3, "a tag: 0, 4 and 8")
            try expectEqual(try await ids(MonitorSearch(kinds: ["http"], tags: ["edge", "core"])).1, 6, "a kind and any of two tags")
            try expectEqual(try await ids(MonitorSearch(statuses: [.paused])).0, [monitors[5].id], "paused wins over the state")
            try expectEqual(try await ids(MonitorSearch(statuses: [.down, .up])).0, [monitors[1].id, monitors[2].id], "by state")
            try expectEqual(try await ids(MonitorSearch(statuses: [.pending])).1, 9, "no state is pending")
            try expectEqual(try await ids(MonitorSearch(words: ["service-1"], statuses: [.down])).0, [monitors[1].id], "words and status")
            let page = try await store.monitors.search(tenant: tenant, MonitorSearch(statuses: [.down]))
            try expectEqual(page.items.first?.state?.status, .down, "the state comes with the monitor")
        },
    ]
}
