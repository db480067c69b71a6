import Foundation
import HostKit
import Kernel
import Testing

/// Public status pages over HTTP: managed by the tenant's administrators, shown to anyone
/// once published, without ids, failure messages or (unless chosen) targets.
@Suite("status pages over HTTP")
struct StatusPageAPITests {
    @Test func aPublishedPageShowsItsMonitorsToAnyoneAndNothingInternal() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let made = try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"Checkout","kind":"tcp","target":"127.0.0.1:9","interval":3600}"#)
        let monitor = try #require(made.string("id"))
        let page = try await host.request(.POST, "/api/v1/status-pages", body: """
            {"slug":"acme","title":"Acme","description":"Our services","groups":[{"name":"Shop","monitors":["\(monitor)"]}]}
            """)
        #expect(page.status == 201 && page.string("publicURL") == "/status/acme" && page.value("published") == .bool(false), "\(page.body)")
        let id = try #require(page.string("id"))

        let draft = try await host.request(.GET, "/api/v1/public/status-pages/acme", auth: .none)
        #expect(draft.status == 404, "a draft is not public: \(draft.body)")
        let published = try await host.request(.PUT, "/api/v1/status-pages/\(id)", body: """
            {"slug":"acme","title":"Acme","published":true,"groups":[{"name":"Shop","monitors":["\(monitor)"]}]}
            """)
        #expect(published.status == 200, "\(published.body)")

        let shown = try await host.request(.GET, "/api/v1/public/status-pages/acme", auth: .none)
        #expect(shown.status == 200 && shown.headers["cache-control"] == "public, max-age=30", "\(shown.body)")
        #expect(shown.string("title") == "Acme" && shown.string("groups.0.name") == "Shop" && shown.string("groups.0.monitors.0.name") == "Checkout")
        #expect(shown.value("groups.0.monitors.0.hours.up")?.arrayValue?.count == 72 && shown.value("groups.0.monitors.0.days.up")?.arrayValue?.count == 90)
        #expect(shown.value("groups.0.monitors.0.uptime.90d") != nil)
        #expect(!shown.body.contains(monitor) && !shown.body.contains("127.0.0.1") && !shown.body.contains("tenant"), "nothing internal: \(shown.body)")

        // Targets only when the page shows them; a change is seen at once, not after the cache.
        _ = try await host.request(.PUT, "/api/v1/status-pages/\(id)", body: """
            {"slug":"acme","title":"Acme","published":true,"showTargets":true,"groups":[{"name":"Shop","monitors":["\(monitor)"]}]}
            """)
        let withTargets = try await host.request(.GET, "/api/v1/public/status-pages/acme", auth: .none)
        #expect(withTargets.string("groups.0.monitors.0.target") == "127.0.0.1:9", "\(withTargets.body)")

        let html = try await host.request(.GET, "/status/acme", auth: .none)
        #expect(html.status == 200 && html.body.contains("/ui/status.js") && html.headers["content-security-policy"] != nil)

        #expect(try await host.request(.DELETE, "/api/v1/status-pages/\(id)").status == 204)
        #expect(try await host.request(.GET, "/api/v1/public/status-pages/acme", auth: .none).status == 404)
    }

    @Test func badInputNamesTheFieldAndPagesStayInTheirTenant() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let stranger = try await host.register("mallory")
        let theirs = try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"Theirs","kind":"tcp","target":"127.0.0.1:9","interval":3600}"#,
                                            auth: .token(stranger))
        let theirMonitor = try #require(theirs.string("id"))
        let badSlug = try await host.request(.POST, "/api/v1/status-pages", body: #"{"slug":"Not A Slug","title":"x"}"#)
        #expect(badSlug.status == 422 && badSlug.string("errors.0.field") == "slug", "\(badSlug.body)")
        let foreign = try await host.request(.POST, "/api/v1/status-pages", body: """
            {"slug":"ours","title":"Ours","groups":[{"name":"G","monitors":["\(theirMonitor)"]}]}
            """)
        #expect(foreign.status == 422 && foreign.string("errors.0.field") == "groups[0].monitors[0]", "another tenant's monitor: \(foreign.body)")
        let mine = try await host.request(.POST, "/api/v1/status-pages", body: #"{"slug":"taken","title":"Mine"}"#)
        #expect(mine.status == 201)
        let clash = try await host.request(.POST, "/api/v1/status-pages", body: #"{"slug":"taken","title":"Theirs"}"#, auth: .token(stranger))
        #expect(clash.status == 409 && clash.string("errors.0.field") == "slug", "slugs are unique across tenants: \(clash.body)")
        let id = try #require(mine.string("id"))
        #expect(try await host.request(.GET, "/api/v1/status-pages/\(id)", auth: .token(stranger)).status == 404)
        #expect(try await host.request(.DELETE, "/api/v1/status-pages/\(id)", auth: .token(stranger)).status == 404)
        #expect(try await host.request(.GET, "/api/v1/public/status-pages/NOT_A_SLUG", auth: .none).status == 404)
    }
}
