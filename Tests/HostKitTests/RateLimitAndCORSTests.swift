import Foundation
import HostKit
import Kernel
import Testing

@Suite("Rate limits and CORS over HTTP", .serialized)
struct RateLimitAndCORSTests {
    @Test func probesAreLimitedPerClientWithRetryAfter() async throws {
        let host = try await TestHost.start(rateLimits: [RateLimitRule(routes: .probes, limit: 3, perSeconds: 3600)])
        defer { Task { await host.stop() } }
        for _ in 0..<3 {
            #expect(try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:1","timeout":1}"#).status == 200)
        }
        let limited = try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:1","timeout":1}"#)
        #expect(limited.status == 429)
        #expect(limited.headers["content-type"] == "application/problem+json")
        let retryAfter = Int(limited.headers["retry-after"] ?? "") ?? 0
        #expect((1190...1200).contains(retryAfter), "one token per 1200 s: Retry-After \(retryAfter)")
        #expect(try await host.request(.GET, "/api/v1/monitors").status == 200, "other route groups are not counted")
        #expect(try await host.request(.GET, "/health").status == 200)
    }

    @Test func limitsCountPerPrincipalOrPerAddress() async throws {
        let perUser = try await TestHost.start(rateLimits: [RateLimitRule(routes: .read, limit: 2, perSeconds: 3600)])
        defer { Task { await perUser.stop() } }
        let other = try await perUser.register("other")
        for _ in 0..<2 { #expect(try await perUser.request(.GET, "/api/v1/monitors").status == 200) }
        #expect(try await perUser.request(.GET, "/api/v1/monitors").status == 429)
        #expect(try await perUser.request(.GET, "/api/v1/monitors", auth: .token(other)).status == 200, "another user has a bucket of their own")

        let perAddress = try await TestHost.start(rateLimits: [RateLimitRule(routes: .read, limit: 2, perSeconds: 3600, by: .address)])
        defer { Task { await perAddress.stop() } }
        let second = try await perAddress.register("second")
        #expect(try await perAddress.request(.GET, "/api/v1/monitors").status == 200)
        #expect(try await perAddress.request(.GET, "/api/v1/monitors", auth: .token(second)).status == 200)
        #expect(try await perAddress.request(.GET, "/api/v1/monitors", auth: .token(second)).status == 429, "one bucket for the address")
    }

    @Test func aClientMayContinueAfterRetryAfter() async throws {
        let host = try await TestHost.start(rateLimits: [RateLimitRule(routes: .read, limit: 2, perSeconds: 2)])
        defer { Task { await host.stop() } }
        // Requests until the bucket is empty: under load three requests can take longer than the
        // second it takes the bucket to gain a token back (a clean-clone CI saw the third pass).
        var limited = try await host.request(.GET, "/api/v1/monitors")
        for _ in 0..<10 where limited.status == 200 { limited = try await host.request(.GET, "/api/v1/monitors") }
        #expect(limited.status == 429)
        let wait = Int(limited.headers["retry-after"] ?? "") ?? 0
        #expect(wait == 1)
        try await Task.sleep(for: .seconds(Double(wait) + 0.1))
        #expect(try await host.request(.GET, "/api/v1/monitors").status == 200, "allowed again after Retry-After")
        #expect(try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"a","kind":"tcp","target":"a:1","interval":60}"#).status == 201,
                "writes are not counted by a read rule")
    }

    @Test func noCrossOriginAccessByDefault() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let preflight = try await host.request(.OPTIONS, "/api/v1/monitors",
                                               headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == 403)
        #expect(preflight.headers["access-control-allow-origin"] == nil)
        let plain = try await host.request(.GET, "/api/v1/monitors", headers: ["Origin": "https://evil.example"])
        #expect(plain.status == 200)
        #expect(plain.headers["access-control-allow-origin"] == nil)
    }

    @Test func configuredOriginsArePreflightedAndAllowed() async throws {
        let host = try await TestHost.start(cors: CORSSettings(allowedOrigins: ["https://dash.example"]))
        defer { Task { await host.stop() } }
        let preflight = try await host.request(.OPTIONS, "/api/v1/monitors", headers: [
            "Origin": "https://dash.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-api-key"])
        #expect(preflight.status == 204)
        #expect(preflight.headers["access-control-allow-origin"] == "https://dash.example")
        #expect(preflight.headers["access-control-allow-methods"]?.contains("POST") == true)
        #expect(preflight.headers["access-control-max-age"] == "600")
        #expect(preflight.headers["vary"] == "Origin")
        let badMethod = try await host.request(.OPTIONS, "/api/v1/monitors", headers: ["Origin": "https://dash.example", "Access-Control-Request-Method": "TRACE"])
        #expect(badMethod.status == 403)
        let badHeader = try await host.request(.OPTIONS, "/api/v1/monitors", headers: [
            "Origin": "https://dash.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-secret"])
        #expect(badHeader.status == 403)
        let other = try await host.request(.OPTIONS, "/api/v1/monitors", headers: ["Origin": "https://dash.example.evil", "Access-Control-Request-Method": "GET"])
        #expect(other.status == 403)
        let created = try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"a","kind":"tcp","target":"a:1","interval":60}"#,
                                             headers: ["Origin": "https://dash.example"])
        #expect(created.status == 201)
        #expect(created.headers["access-control-allow-origin"] == "https://dash.example")
        #expect(created.headers["access-control-expose-headers"]?.contains("Location") == true)
    }
}
