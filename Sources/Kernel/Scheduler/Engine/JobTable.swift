/// The engine's jobs: a dense array of entries with an index from id to position.
///
/// A dictionary of whole entries keeps up to half its buckets empty, each the size of an
/// entry: at a million jobs that was about 500 MB of empty buckets. Here the entries sit
/// side by side and only the index (an id and a position per job) is hashed. Removing a job
/// moves the last entry into its place.
struct JobTable<Job: ScheduledJob> {
    struct Entry {
        var job: Job
        /// Invalidates queue entries made before the job was reinstalled or released.
        var generation: UInt64
        var running = false
    }

    private var slots: ContiguousArray<Entry> = []
    private var index: [Job.ID: Int] = [:]

    /// Jobs in the table.
    var count: Int { slots.count }

    /// The ids of every job.
    var ids: Dictionary<Job.ID, Int>.Keys { index.keys }

    /// Every entry, in no particular order.
    var all: ContiguousArray<Entry> { slots }

    /// Makes room for `count` more jobs, so that a start-up load does not grow the table by
    /// doubling (each doubling holds the old and the new storage at once).
    mutating func reserve(_ count: Int) {
        slots.reserveCapacity(slots.count + count)
        index.reserveCapacity(index.count + count)
    }

    /// The entry of `id`, if any.
    subscript(id: Job.ID) -> Entry? {
        index[id].map { slots[$0] }
    }

    /// Whether a job with `id` is in the table.
    func contains(_ id: Job.ID) -> Bool { index[id] != nil }

    /// Puts `entry` in the table, replacing the entry with its id.
    mutating func put(_ entry: Entry) {
        if let position = index[entry.job.id] {
            slots[position] = entry
        } else {
            index[entry.job.id] = slots.count
            slots.append(entry)
        }
    }

    /// Changes the entry of `id` in place; nil when there is none.
    @discardableResult
    mutating func update<Result>(_ id: Job.ID, _ body: (inout Entry) -> Result) -> Result? {
        guard let position = index[id] else { return nil }
        return body(&slots[position])
    }

    /// Removes the job with `id`; returns its entry.
    @discardableResult
    mutating func remove(_ id: Job.ID) -> Entry? {
        guard let position = index.removeValue(forKey: id) else { return nil }
        let last = slots.count - 1
        if position != last {
            slots.swapAt(position, last)
            index[slots[position].job.id] = position
        }
        return slots.removeLast()
    }
}
