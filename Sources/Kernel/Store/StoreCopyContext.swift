import Synchronization

/// What a `StoreSection` copies with: both stores, the batch size, and the running counts.
public struct StoreCopyContext: Sendable {
    /// The store records are read from.
    public let source: any Store
    /// The store records are written to.
    public let target: any Store
    /// How many records to read and write at a time, for sections that batch.
    public let batchSize: Int
    let tally: StoreCopyTally
    let progress: @Sendable (StoreCopier.Report) -> Void

    /// Adds `amount` records to the count labelled `label` ("monitors"); a label is listed in
    /// the report in the order it is first counted, so count 0 first to fix the order.
    public func count(_ label: String, _ amount: Int = 1) { tally.add(label, amount) }

    /// Hands the report so far to the caller's progress callback (after each batch).
    public func reportProgress() { progress(tally.report) }

    /// Every item of a paged listing.
    public func all<T>(_ page: (PageRequest) async throws -> Page<T>) async throws -> [T] {
        var items: [T] = []
        var cursor: String?
        repeat {
            let next = try await page(PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            items += next.items
            cursor = next.nextCursor
        } while cursor != nil
        return items
    }
}

/// The counts of a copy in progress.
final class StoreCopyTally: Sendable {
    private let counts = Mutex(StoreCopier.Report())
    func add(_ label: String, _ amount: Int) { counts.withLock { $0.add(label, amount) } }
    var report: StoreCopier.Report { counts.withLock { $0 } }
}
