import AsyncHTTPClient
import FixtureServers
import Foundation
import HostKit
import Kernel
import NIOCore
import Testing

/// The API's larger JSON answers go gzip-compressed to a client that asks for gzip, and `gzip
/// -d` gives back the very answer an uncompressed request gets; small answers, clients that
/// do not ask, and event streams go as they are.
@Suite("API compression")
struct APICompressionTests {
    @Test func largeJSONAnswersGoCompressedToClientsThatAskForGzip() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        for index in 0..<40 {
            let body = #"{"name":"service \#(index) with a long enough name","kind":"tcp","target":"127.0.0.1:9","interval":3600,"tags":["edge","team-\#(index % 3)"]}"#
            #expect(try await host.request(.POST, "/api/v1/monitors", body: body).status == 201)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(decompression: .disabled))
        defer { Task { try? await client.shutdown() } }
        func fetch(_ path: String, _ headers: [String: String]) async throws -> (headers: HTTPHeaders, bytes: [UInt8]) {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(host.port)\(path)")
            request.headers.add(name: "Authorization", value: "Bearer \(host.token)")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            let response = try await client.execute(request, timeout: .seconds(60))
            return (response.headers, Array(buffer: try await response.body.collect(upTo: 8 << 20)))
        }
        let plain = try await fetch("/api/v1/monitors?limit=100", [:])
        #expect(plain.headers["content-encoding"].isEmpty && plain.bytes.count > 4096, "\(plain.bytes.count) bytes")
        let compressed = try await fetch("/api/v1/monitors?limit=100", ["Accept-Encoding": "gzip, deflate"])
        #expect(compressed.headers.first(name: "content-encoding") == "gzip")
        #expect(compressed.headers[canonicalForm: "vary"].contains("Accept-Encoding"))
        #expect(compressed.headers.first(name: "content-length") == String(compressed.bytes.count))
        #expect(compressed.bytes.count < plain.bytes.count / 3, "\(compressed.bytes.count) of \(plain.bytes.count) bytes")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-monitors-\(UUID()).json.gz")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(compressed.bytes).write(to: file)
        let unzipped = try FixturePaths.run("/bin/gzip", ["-dc", file.path])
        let decoded = try JSONValue.parse(Data(unzipped.output.utf8))
        #expect(unzipped.status == 0 && decoded["items"]?.arrayValue?.count == 40, "gzip -d gives the same listing back")
        #expect(decoded["items"] == (try JSONValue.parse(Data(plain.bytes)))["items"])

        let small = try await fetch("/api/v1/auth/registration", ["Accept-Encoding": "gzip"])
        #expect(small.headers["content-encoding"].isEmpty, "an answer under 1 KiB goes as it is")
        let problem = try await fetch("/api/v1/monitors?limit=0", ["Accept-Encoding": "gzip"])
        #expect(problem.headers["content-encoding"].isEmpty && String(decoding: problem.bytes, as: UTF8.self).contains("limit"))
        let metrics = try await fetch("/metrics", ["Accept-Encoding": "gzip"])
        #expect(metrics.headers["content-encoding"].isEmpty, "not JSON: Prometheus text goes as it is")
    }
}
