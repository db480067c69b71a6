import Kernel
import Synchronization
import Testing

/// `GroupCommit`: callers waiting while a write runs share the next write; each returns only
/// after its own item is written, and a failed write fails exactly the callers it held.
@Suite("group commit")
struct GroupCommitTests {
    /// A write that holds until released, recording each batch it was given.
    final class GatedWrites: Sendable {
        let batches = Mutex<[[Int]]>([])
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let failing = Mutex<Set<Int>>([])

        func write(_ items: [Int]) async throws {
            batches.withLock { $0.append(items) }
            if items == [0] { await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } } }
            if !failing.withLock({ $0.isDisjoint(with: items) }) { throw CancellationError() }
        }

        func release() async {
            while true {
                if let continuation = gate.withLock({ value -> CheckedContinuation<Void, Never>? in defer { value = nil }; return value }) {
                    continuation.resume()
                    return
                }
                await Task.yield()
            }
        }
    }

    @Test func waitersShareTheNextWriteAndEachReturnsAfterItsOwn() async throws {
        let writes = GatedWrites()
        let commit = GroupCommit<Int> { try await writes.write($0) }
        // Item 0 starts a write that holds; 1...5 arrive meanwhile and must share one write.
        let first = Task { try await commit.submit(0) }
        while writes.batches.withLock({ $0.isEmpty }) { await Task.yield() }
        let others = (1...5).map { item in Task { try await commit.submit(item) } }
        while await commit.waiting < 5 { await Task.yield() }
        await writes.release()
        try await first.value
        for task in others { try await task.value }
        let batches = writes.batches.withLock { $0 }
        #expect(batches.first == [0])
        #expect(batches.dropFirst().flatMap { $0 }.sorted() == [1, 2, 3, 4, 5])
        #expect(batches.count == 2, "the five waiting items were not written together: \(batches)")
    }

    @Test func aFailedWriteFailsTheCallersItHeldAndNoOthers() async throws {
        let writes = GatedWrites()
        writes.failing.withLock { $0 = [7] }
        let commit = GroupCommit<Int> { try await writes.write($0) }
        await #expect(throws: CancellationError.self) { try await commit.submit(7) }
        try await commit.submit(8)
        #expect(writes.batches.withLock { $0 } == [[7], [8]])
    }
}
