import Kernel

/// One-shot timers run by a socket's reader thread: a min-heap of due times
/// (`CLOCK_MONOTONIC` nanoseconds). Sessions use it for their reply deadlines instead of a
/// sleeping task each; a timer cancelled from a reply handler (on the same thread) costs no
/// wake-up at all, because cancelled entries are dropped before the thread sleeps.
public struct TimerQueue: Sendable {
    private var heap = MinHeap<Int64, UInt64>()
    private var actions: [UInt64: @Sendable () -> Void] = [:]
    private var nextID: UInt64 = 1

    /// Creates an empty queue.
    public init() {}

    /// Adds a timer; returns its token.
    public mutating func schedule(at due: Int64, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        actions[id] = action
        heap.insert(id, key: due)
        return id
    }

    /// Cancels a timer (no effect when it already ran).
    public mutating func cancel(_ id: UInt64) { actions[id] = nil }

    /// The earliest live due time, dropping cancelled timers from the top.
    public mutating func nextDue() -> Int64? {
        while let top = heap.first {
            if actions[top.value] != nil { return top.key }
            heap.popFirst()
        }
        return nil
    }

    /// Removes and returns the actions due by `now`.
    public mutating func takeDue(now: Int64) -> [@Sendable () -> Void] {
        var due: [@Sendable () -> Void] = []
        while let top = heap.first, top.key <= now {
            heap.popFirst()
            if let action = actions.removeValue(forKey: top.value) { due.append(action) }
        }
        return due
    }
}
