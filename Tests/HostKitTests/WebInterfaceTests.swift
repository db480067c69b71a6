import AsyncHTTPClient
import FixtureServers
import Foundation
import HostKit
import Kernel
import NIOCore
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

    /// Text files go gzip-compressed to a client that accepts gzip (as every browser does), with
    /// their own ETag and `Vary`; `gzip -d` gives back the file byte for byte. Without the
    /// header, or with `q=0`, the file goes as it is.
    @Test func textFilesGoCompressedToClientsThatAcceptGzip() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        // A client of its own that neither asks for nor undoes compression by itself.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(decompression: .disabled))
        defer { Task { try? await client.shutdown() } }
        func fetch(_ path: String, acceptEncoding: String?, ifNoneMatch: String? = nil) async throws -> (status: UInt, headers: HTTPHeaders, bytes: [UInt8]) {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(host.port)\(path)")
            if let acceptEncoding { request.headers.add(name: "Accept-Encoding", value: acceptEncoding) }
            if let ifNoneMatch { request.headers.add(name: "If-None-Match", value: ifNoneMatch) }
            let response = try await client.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 8 << 20)
            return (response.status.code, response.headers, Array(buffer: body))
        }
        let plain = try await fetch("/ui/app.js", acceptEncoding: nil)
        #expect(plain.status == 200 && plain.headers["content-encoding"].isEmpty && plain.headers.first(name: "vary") == "Accept-Encoding")
        let compressed = try await fetch("/ui/app.js", acceptEncoding: "gzip, deflate, br")
        #expect(compressed.status == 200 && compressed.headers.first(name: "content-encoding") == "gzip")
        #expect(compressed.bytes.count < plain.bytes.count / 2, "\(compressed.bytes.count) of \(plain.bytes.count) bytes")
        let etag = try #require(compressed.headers.first(name: "etag"))
        #expect(etag != plain.headers.first(name: "etag"), "each form has its own ETag")
        #expect(try await fetch("/ui/app.js", acceptEncoding: "gzip", ifNoneMatch: etag).status == 304)

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-app-\(UUID()).js.gz")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(compressed.bytes).write(to: file)
        let unzipped = try FixturePaths.run("/bin/gzip", ["-dc", file.path])
        #expect(unzipped.status == 0 && Array(unzipped.output.utf8) == plain.bytes, "gzip -d gives the file back")

        #expect(try await fetch("/ui/app.js", acceptEncoding: "gzip;q=0, identity").headers["content-encoding"].isEmpty, "q=0 refuses gzip")
        let icon = try await fetch("/favicon.ico", acceptEncoding: "gzip")
        #expect(icon.status == 200)
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
