import Foundation
import Spool
import Testing

/// The agent's spool: a durable, ordered, bounded queue in one SQLite file.
@Suite("the result spool")
struct SQLiteSpoolTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID()).sqlite").path

    func payloads(_ range: ClosedRange<Int>, size: Int = 10) -> [Data] {
        range.map { Data(String(format: "%0\(size)d", $0).utf8) }
    }

    @Test("entries come back in order, are removed only when acknowledged, and outlive the process with their epoch and numbering")
    func orderAcknowledgementAndReopening() async throws {
        let spool = try SQLiteSpool(path: path)
        try await spool.append(payloads(1...5))
        let first = try await spool.next(after: 0, limit: 3)
        #expect(first.map(\.sequence) == [1, 2, 3])
        #expect(first.map { String(decoding: $0.payload, as: UTF8.self) } == ["0000000001", "0000000002", "0000000003"])
        #expect(try await spool.next(after: 3, limit: 10).map(\.sequence) == [4, 5], "after a sequence: the rest")
        try await spool.acknowledge(2)
        #expect(await spool.depth == 3)
        #expect(try await spool.next(after: 0, limit: 10).map(\.sequence) == [3, 4, 5], "acknowledged entries are gone")

        let reopened = try SQLiteSpool(path: path)
        #expect(reopened.epoch == spool.epoch, "the epoch is the file's")
        #expect(await reopened.depth == 3, "waiting entries survive")
        try await reopened.acknowledge(5)
        try await reopened.append(payloads(6...6))
        #expect(try await reopened.next(after: 0, limit: 10).map(\.sequence) == [6], "numbers are never reused, even when empty")
        #expect(try await reopened.lastSequence() == 6)
    }

    @Test("past its size the oldest entries are dropped and counted, also across a reopening; past its age, old ones are")
    func bounds() async throws {
        let spool = try SQLiteSpool(path: path, maxBytes: 100, maxAgeSeconds: 3600)
        try await spool.append(payloads(1...8))
        try await spool.append(payloads(9...14))
        #expect(await spool.depth == 10, "100 bytes hold ten 10-byte entries")
        #expect(await spool.dropped == 4)
        #expect(try await spool.next(after: 0, limit: 100).first?.sequence == 5, "the oldest went first")
        let reopened = try SQLiteSpool(path: path, maxBytes: 100, maxAgeSeconds: 3600)
        #expect(await reopened.dropped == 4, "the count is kept in the file")
        try await reopened.append(payloads(15...15), at: Date().addingTimeInterval(7200))
        #expect(try await reopened.next(after: 0, limit: 100).map(\.sequence) == [15], "entries older than the age bound are dropped")
        #expect(await reopened.dropped == 14)
    }

    @Test("next waits for an entry")
    func waits() async throws {
        let spool = try SQLiteSpool(path: path)
        let waiting = Task { try await spool.next(after: 0, limit: 5) }
        try await Task.sleep(for: .milliseconds(100))
        try await spool.append(payloads(1...2))
        #expect(try await waiting.value.map(\.sequence) == [1, 2])
    }
}

extension SQLiteSpoolTests {
    @Test("a wait for an entry ends when its task is cancelled")
    func cancelledWaitEnds() async throws {
        let spool = try SQLiteSpool(path: path)
        let waiting = Task { try await spool.next(after: 0, limit: 5) }
        try await Task.sleep(for: .milliseconds(100))
        waiting.cancel()
        #expect(try await waiting.value.isEmpty)
    }
}
