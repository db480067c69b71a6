/// Writes items in group commits: callers that arrive while a write is under way are written
/// together by the next one, and each caller returns only after the write holding its item
/// has finished (or throws that write's error).
///
/// A lone caller costs one write, as before; under concurrency one transaction serves many
/// callers, so the per-item cost of a commit (the transaction, the WAL sync, the hop to the
/// store's writer) is shared. `vantage serve` writes one-shot probe results this way.
public actor GroupCommit<Item: Sendable> {
    private let write: @Sendable ([Item]) async throws -> Void
    private let maximumBatch: Int
    private var pending: [(item: Item, waiter: CheckedContinuation<Void, any Error>)] = []
    private var writing = false

    /// Creates a writer; `write` stores a batch of at most `maximumBatch` items all at once.
    public init(maximumBatch: Int = 1_000, write: @escaping @Sendable ([Item]) async throws -> Void) {
        self.write = write
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Items waiting for the next write.
    public var waiting: Int { pending.count }

    /// Returns once `item` is written.
    public func submit(_ item: Item) async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            pending.append((item, waiter))
            guard !writing else { return }
            writing = true
            Task { await drain() }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            do {
                try await write(batch.map(\.item))
                for entry in batch { entry.waiter.resume() }
            } catch {
                for entry in batch { entry.waiter.resume(throwing: error) }
            }
        }
        writing = false
    }
}
