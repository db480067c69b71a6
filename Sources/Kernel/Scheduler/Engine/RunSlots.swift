/// The concurrency limit of a `ScheduleEngine`: at most `limit` runs hold a slot at once.
/// A run launched while every slot is taken waits here, in launch order, as a plain value:
/// it gets its task only when a slot frees, so a backlog of thousands of runs (slow targets
/// under a low limit) costs a closure each, not a suspended task each.
///
/// A value owned by the engine's actor: taking and handing over slots needs no lock.
struct RunSlots<Pending> {
    /// Runs that may hold a slot at once.
    let limit: Int
    /// Slots held.
    private(set) var inUse = 0
    private var waiting: [Pending] = []
    private var head = 0

    init(limit: Int) { self.limit = max(limit, 1) }

    /// Takes a free slot (true), or queues `pending` for the next one (false).
    mutating func take(or pending: Pending) -> Bool {
        if inUse < limit {
            inUse += 1
            return true
        }
        waiting.append(pending)
        return false
    }

    /// Frees a slot, or hands it straight to the run that has waited longest (returned).
    mutating func release() -> Pending? {
        guard head < waiting.count else {
            inUse -= 1
            return nil
        }
        let next = waiting[head]
        head += 1
        // Compact once the consumed front is large and most of the array.
        if head > 1024, head * 2 > waiting.count {
            waiting.removeFirst(head)
            head = 0
        } else if head == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            head = 0
        }
        return next
    }

    /// Runs waiting for a slot.
    var waitingCount: Int { waiting.count - head }
}
