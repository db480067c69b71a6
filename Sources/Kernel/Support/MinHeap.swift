/// A binary min-heap of values ordered by a key: the scheduling engine's due times, its run
/// deadlines and the packet engines' reply timers. Entries are never removed from the middle;
/// users mark them stale and skip them when they reach the top. Inlinable, so each use is
/// specialised for its key and value.
public struct MinHeap<Key: Comparable, Value> {
    @usableFromInline var entries: [(key: Key, value: Value)] = []

    /// An empty heap.
    @inlinable public init() {}

    /// The number of entries, stale ones included.
    @inlinable public var count: Int { entries.count }

    /// Whether there is no entry.
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    /// The entry with the smallest key.
    @inlinable public var first: (key: Key, value: Value)? { entries.first }

    /// Adds `value` under `key`.
    @inlinable public mutating func insert(_ value: Value, key: Key) {
        entries.append((key, value))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].key < entries[parent].key else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the entry with the smallest key.
    @inlinable @discardableResult public mutating func popFirst() -> (key: Key, value: Value)? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].key < entries[smallest].key { smallest = left }
            if right < entries.count, entries[right].key < entries[smallest].key { smallest = right }
            if smallest == parent { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}

extension MinHeap: Sendable where Key: Sendable, Value: Sendable {}
