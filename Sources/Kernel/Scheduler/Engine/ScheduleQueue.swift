import Foundation

/// The engine's due times. Entries are never removed from the middle: a job that is changed
/// or deleted bumps its generation, and stale entries are skipped when popped.
struct ScheduleQueue<ID: Hashable> {
    struct Entry {
        var due: Date
        var id: ID
        var generation: UInt64
    }

    private var heap = MinHeap<Date, (id: ID, generation: UInt64)>()

    var count: Int { heap.count }
    var first: Entry? { heap.first.map { Entry(due: $0.key, id: $0.value.id, generation: $0.value.generation) } }

    mutating func insert(_ entry: Entry) { heap.insert((entry.id, entry.generation), key: entry.due) }

    mutating func popFirst() -> Entry? {
        heap.popFirst().map { Entry(due: $0.key, id: $0.value.id, generation: $0.value.generation) }
    }
}
