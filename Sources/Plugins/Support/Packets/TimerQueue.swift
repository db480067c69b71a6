/// One-shot timers run by a socket's reader thread: a min-heap of due times
/// (`CLOCK_MONOTONIC` nanoseconds). Sessions use it for their reply deadlines instead of a
/// sleeping task each; a timer cancelled from a reply handler (on the same thread) costs no
/// wake-up at all, because cancelled entries are dropped before the thread sleeps.
public struct TimerQueue: Sendable {
    private var heap: [(due: Int64, id: UInt64)] = []
    private var actions: [UInt64: @Sendable () -> Void] = [:]
    private var nextID: UInt64 = 1

    /// Creates an empty queue.
    public init() {}

    /// Adds a timer; returns its token.
    public mutating func schedule(at due: Int64, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        actions[id] = action
        heap.append((due, id))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
        return id
    }

    /// Cancels a timer (no effect when it already ran).
    public mutating func cancel(_ id: UInt64) { actions[id] = nil }

    /// The earliest live due time, dropping cancelled timers from the top.
    public mutating func nextDue() -> Int64? {
        while let top = heap.first {
            if actions[top.id] != nil { return top.due }
            popTop()
        }
        return nil
    }

    /// Removes and returns the actions due by `now`.
    public mutating func takeDue(now: Int64) -> [@Sendable () -> Void] {
        var due: [@Sendable () -> Void] = []
        while let top = heap.first, top.due <= now {
            popTop()
            if let action = actions.removeValue(forKey: top.id) { due.append(action) }
        }
        return due
    }

    private mutating func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
