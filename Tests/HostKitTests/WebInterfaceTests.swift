import Foundation
import HostKit
import Kernel
import Testing

/// The web interface's files at `/` and `/ui/...`: served from memory with a strict
/// Content-Security-Policy and ETags, nothing outside the web root, and every module the page
/// imports present.
@Suite("web interface files")
struct WebInterfaceTests {
    @Test func theShellIsServedWithAStrictPolicyAndRevalidatedByETag() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let page = try await host.request(.GET, "/", auth: .none)
        #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.body.contains(#"<script type="module" src="/ui/app.js"></script>"#))
        let policy = try #require(page.headers["content-security-policy"])
        for directive in ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "connect-src 'self'"] {
            #expect(policy.contains(directive), "\(policy)")
        }
        #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
        #expect(page.headers["x-content-type-options"] == "nosniff")
        let etag = try #require(page.headers["etag"])
        let again = try await host.request(.GET, "/", headers: ["If-None-Match": etag], auth: .none)
        #expect(again.status == 304 && again.body.isEmpty)

        let script = try await host.request(.GET, "/ui/app.js", auth: .none)
        #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(try await host.request(.GET, "/ui/pages/monitors.js", auth: .none).status == 200)
        for path in ["/ui/nothing.js", "/ui/../Package.swift", "/ui/%2e%2e/openapi.json"] {
            let missing = try await host.request(.GET, path, auth: .none)
            #expect(missing.status == 404, "\(path): \(missing.status)")
        }
    }

    /// No inline script or style anywhere (the policy would block it), and every module an
    /// import names exists: a renamed page cannot leave a broken import behind.
    @Test func everyImportResolvesAndNothingIsInline() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Host/HostKit/Resources/Web").standardized
        let assets = try WebAssets(root: root)
        #expect(assets.files["index.html"] != nil && assets.files["vendor/LICENSE-dygraphs.txt"] != nil)
        let html = String(decoding: try #require(assets.files["index.html"]).bytes, as: UTF8.self)
        #expect(!html.contains("<script>") && !html.contains("style=") && !html.contains("onclick="))
        let importPattern = try NSRegularExpression(pattern: #"(?:from\s+|import\()\s*'(\.{1,2}/[^']+)'"#)
        for (path, asset) in assets.files where path.hasSuffix(".js") && !path.hasPrefix("vendor/") {
            let text = String(decoding: asset.bytes, as: UTF8.self)
            #expect(!text.contains("innerHTML") && !text.contains("eval("), "\(path) builds markup from strings")
            #expect(!text.contains("localStorage"), "\(path): nothing of the session goes to localStorage")
            let base = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
            for match in importPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let relative = String(text[Range(match.range(at: 1), in: text)!])
                let resolved = String(base.appendingPathComponent(relative).standardized.path.dropFirst())
                #expect(assets.files[resolved] != nil, "\(path) imports \(relative), which does not exist")
            }
        }
    }

    @Test func theProbeCatalogueDescribesEachKindsOptions() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let catalogue = try await host.request(.GET, "/api/v1/probes")
        #expect(catalogue.status == 200, "\(catalogue.body)")
        guard case .array(let kinds)? = catalogue.value("") else { Issue.record("not an array: \(catalogue.body)"); return }
        func kind(_ name: String) -> [String: JSONValue]? {
            kinds.compactMap(\.objectValue).first { $0["kind"]?.stringValue == name }
        }
        let http = try #require(kind("http"))
        #expect(http["plugin"] == .string("probe.http"))
        #expect(http["defaults"]?.objectValue?["followRedirects"] == .bool(true))
        #expect(http["defaults"]?.objectValue?["maxRedirects"] == .number(10))
        #expect(http["secretPaths"]?.arrayValue?.contains(.string("bearerToken")) == true)
        #expect(kind("push")?["acceptsPushes"] == .bool(true))
        #expect(kind("ping") == nil, "an alias is not listed as a kind of its own")
        #expect(kind("icmp")?["aliases"]?.arrayValue?.contains(.string("ping")) == true)
        // Closed sets come from the options' enumerations, for the form's choices.
        #expect(kind("traceroute")?["choices"]?["method"] == .array([.string("icmp"), .string("udp"), .string("tcp")]))
        #expect(kind("tcp")?["choices"]?["family"] == .array([.string("any"), .string("ipv4"), .string("ipv6")]))
        #expect(kind("whois")?["choices"]?["protocol"] == .array([.string("auto"), .string("rdap"), .string("whois")]))
        #expect(kind("http")?["choices"]?["method"] == nil, "an open string is not a choice")
        #expect(kind("push")?["choices"] == .object([:]))
    }
}
