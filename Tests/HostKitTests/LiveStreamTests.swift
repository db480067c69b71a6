import Foundation
import HostKit
import Kernel
import KernelTesting
import Synchronization
import Testing

/// The live stream over a real WebSocket: each tenant sees its own events only, a bootstrap
/// gives the latest records oldest first, and a client that stops reading is dropped while
/// the others keep receiving.
@Suite("live stream over WebSocket", .serialized)
struct LiveStreamTests {
    static let path = "/api/v1/ws"

    static func ingestKey(_ host: TestHost, auth: TestHost.Auth = .admin) async throws -> String {
        let reply = try await host.request(.POST, "/api/v1/apikeys", body: #"{"name":"producer","scopes":["ingest"]}"#, auth: auth)
        return try #require(reply.string("key"), "\(reply.body)")
    }

    /// Pushes one batch of connections to the key's tenant, with ports `ports` (one record each).
    static func push(_ host: TestHost, key: String, destination: String, ports: [Int]) async throws {
        let records = ports.map { port in
            #"{"source":{"address":"10.0.0.5"},"destination":{"address":"\#(destination)","port":\#(port)},"protocol":"tcp","startedAt":\#(Int(Date().timeIntervalSince1970) - 600 + port)}"#
        }
        let reply = try await host.request(.POST, "/api/v1/connections", body: #"{"connections":[\#(records.joined(separator: ","))]}"#, auth: .apiKey(key))
        #expect(reply.status == 202, "\(reply.body)")
    }

    /// Destination ports of the connections in an event frame.
    static func ports(_ frame: JSONValue?) -> [Int] {
        frame?["event"]?["payload"]?["connections"]?.arrayValue?.compactMap { $0["destination"]?["port"]?.numberValue.map(Int.init) } ?? []
    }

    @Test func eachTenantSeesOnlyItsOwnEvents() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let other = try await host.register("tenant-b")
        let keyA = try await Self.ingestKey(host)
        let keyB = try await Self.ingestKey(host, auth: .token(other))
        let subscribedCount = Tally()
        func follow(_ token: String, until last: Int) -> Task<[Int], any Error> {
            Task {
                let seen = Tally()
                try await AgentLink.run(port: host.port, headers: ["Authorization": "Bearer \(token)"], path: Self.path) { frames, outbound in
                    #expect(try await frames.next()?["type"] == .string("welcome"))
                    try await outbound.write(.text(#"{"type":"subscribe","topics":["connections"]}"#))
                    #expect(try await frames.next()?["topics"] == .array([.string("connections")]))
                    subscribedCount.count.add(1, ordering: .relaxed)
                    while let frame = try await frames.next() {
                        guard frame["type"] == .string("event") else { continue }
                        let ports = Self.ports(frame)
                        seen.ports.withLock { $0 += ports }
                        if ports.contains(last) { return }
                    }
                }
                return seen.ports.withLock { $0 }
            }
        }
        let a = follow(host.token, until: 3)
        let b = follow(other, until: 4)
        #expect(await eventually(within: 10) { subscribedCount.count.load(ordering: .relaxed) == 2 })
        try await Self.push(host, key: keyA, destination: "198.51.100.1", ports: [1])
        try await Self.push(host, key: keyB, destination: "198.51.100.2", ports: [2])
        try await Self.push(host, key: keyA, destination: "198.51.100.1", ports: [3])
        try await Self.push(host, key: keyB, destination: "198.51.100.2", ports: [4])
        #expect(try await a.value == [1, 3], "tenant A sees its own batches, in order")
        #expect(try await b.value == [2, 4], "tenant B sees its own batches, in order")
    }

    @Test func aBootstrapGivesTheLatestRecordsOldestFirstThenLiveEvents() async throws {
        let host = try await TestHost.start(rateLimits: [], stream: StreamSettings(connectionsBootstrapLimit: 5))
        defer { Task { await host.stop() } }
        let key = try await Self.ingestKey(host)
        try await Self.push(host, key: key, destination: "198.51.100.1", ports: [1, 2, 3])
        try await Self.push(host, key: key, destination: "198.51.100.1", ports: [4, 5, 6, 7, 8])
        let pushed = Tally()
        let frames = Tally()
        let follower = Task {
            try await AgentLink.run(port: host.port, headers: ["Authorization": "Bearer \(host.token)"], path: Self.path) { reader, outbound in
                _ = try await reader.next()
                try await outbound.write(.text(#"{"type":"subscribe","topics":["connections"],"bootstrap":{"connections":50}}"#))
                while let frame = try await reader.next() {
                    frames.frames.withLock { $0.append(frame) }
                    if frame["type"] == .string("bootstrap") { pushed.flag.store(true, ordering: .relaxed) }
                    if frame["type"] == .string("event") { return }
                }
            }
        }
        #expect(await eventually(within: 10) { pushed.flag.load(ordering: .relaxed) })
        try await Self.push(host, key: key, destination: "198.51.100.1", ports: [9])
        _ = try await follower.value
        let received = frames.frames.withLock { $0 }
        #expect(received.map { $0["type"] } == [.string("subscribed"), .string("bootstrap"), .string("event")], "\(received)")
        let bootstrap = received[1]["items"]?.arrayValue?.compactMap { $0["destination"]?["port"]?.numberValue.map(Int.init) }
        #expect(bootstrap == [4, 5, 6, 7, 8], "the latest five (the limit), oldest first")
        #expect(Self.ports(received[2]) == [9])
    }

    @Test func ingestedLogLinesArriveOnTheLogsTopic() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let key = try await Self.ingestKey(host)
        let subscribed = Tally()
        let follower = Task { () -> JSONValue? in
            try await AgentLink.run(port: host.port, headers: ["Authorization": "Bearer \(host.token)"], path: Self.path) { frames, outbound in
                _ = try await frames.next()
                try await outbound.write(.text(#"{"type":"subscribe","topics":["logs"]}"#))
                #expect(try await frames.next()?["topics"] == .array([.string("logs")]))
                subscribed.flag.store(true, ordering: .relaxed)
                while let frame = try await frames.next() {
                    if frame["type"] == .string("event") {
                        subscribed.frames.withLock { $0.append(frame) }
                        return
                    }
                }
            }
            return subscribed.frames.withLock { $0.first }
        }
        #expect(await eventually(within: 10) { subscribed.flag.load(ordering: .relaxed) })
        let lines = "{\"level\":\"error\",\"message\":\"disk full on db-1\",\"source\":\"db-1\"}\r\n{\"message\":\"second\"}\r\n"
        let reply = try await host.request(.POST, "/api/v1/logs/ingest", body: lines, auth: .apiKey(key))
        #expect(reply.status == 202, "\(reply.body)")
        let event = try #require(try await follower.value)
        #expect(event["topic"] == .string("logs") && event["event"]?["name"] == .string("logs.ingested"), "\(event)")
        let messages = event["event"]?["payload"]?["logs"]?.arrayValue?.compactMap { $0["message"]?.stringValue }
        #expect(messages == ["disk full on db-1", "second"], "\(event)")
    }

    @Test func aClientThatStopsReadingIsDroppedAndTheOthersKeepReceiving() async throws {
        let host = try await TestHost.start(rateLimits: [], stream: StreamSettings(clientQueueFrames: 16))
        defer { Task { await host.stop() } }
        let key = try await Self.ingestKey(host)
        let slow = try RawWebSocketPeer(port: host.port, path: Self.path, headers: ["Authorization": "Bearer \(host.token)"], receiveBuffer: 4096)
        slow.sendText(#"{"type":"subscribe","topics":["connections"]}"#)
        let received = Tally()
        let subscribed = Tally()
        let batches = 80
        let fast = Task {
            try await AgentLink.run(port: host.port, headers: ["Authorization": "Bearer \(host.token)"], path: Self.path) { frames, outbound in
                _ = try await frames.next()
                try await outbound.write(.text(#"{"type":"subscribe","topics":["connections"]}"#))
                _ = try await frames.next()
                subscribed.flag.store(true, ordering: .relaxed)
                while let frame = try await frames.next() {
                    if frame["type"] == .string("event"), received.count.add(1, ordering: .relaxed).newValue == batches { return }
                }
            }
        }
        #expect(await eventually(within: 10) { subscribed.flag.load(ordering: .relaxed) })
        // Batches of 300 connections (about 100 kB a frame) fill the slow client's small
        // receive window and the server's send buffer, then its queue of 16 frames.
        for batch in 0..<batches { try await Self.push(host, key: key, destination: "198.51.100.\(batch % 250)", ports: Array(1...300)) }
        _ = try await fast.value
        #expect(received.count.load(ordering: .relaxed) == batches, "the reading client got every batch")
        let metrics = try await host.request(.GET, "/metrics")
        #expect(metrics.body.contains("vantage_stream_clients_dropped_total 1"), "the slow client was dropped")
        // The slow client, reading at last, finds its connection closed after what was buffered.
        var closed = false
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !closed {
            if case .closed = slow.read(within: 1) { closed = true }
        }
        #expect(closed)
    }

    @Test func anUpgradeWithoutCredentialsIsRefusedWith4401() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let close = try await AgentLink.run(port: host.port, headers: [:], path: Self.path)
        #expect(close?.closeCode == .unknown(4401) && close?.reason?.contains("Authorization") == true, "\(String(describing: close))")
        let plain = try await host.request(.GET, Self.path, auth: .none)
        #expect(plain.status == 426)
    }
}

/// Counts, flags and frames the tests' WebSocket scripts share with the test.
final class Tally: Sendable {
    let count = Atomic<Int>(0)
    let flag = Atomic<Bool>(false)
    let ports = Mutex<[Int]>([])
    let frames = Mutex<[JSONValue]>([])
}
