import Synchronization

/// A counting semaphore for async code: at most `limit` holders at once, the rest wait in
/// arrival order. A lock, not an actor: taking a free slot does not suspend, so a run under
/// the limit costs no extra hop.
final class ConcurrencyLimiter: Sendable {
    private struct Slots {
        var inUse = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let limit: Int
    private let slots = Mutex(Slots())

    init(limit: Int) { self.limit = max(limit, 1) }

    /// Takes a slot if one is free, without waiting.
    func tryAcquire() -> Bool {
        slots.withLock { slots in
            guard slots.inUse < limit else { return false }
            slots.inUse += 1
            return true
        }
    }

    func acquire() async {
        if tryAcquire() { return }
        await withCheckedContinuation { continuation in
            let now = slots.withLock { slots in
                // A slot may have been released between the two locks.
                if slots.inUse < limit {
                    slots.inUse += 1
                    return true
                }
                slots.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func release() {
        let next = slots.withLock { slots -> CheckedContinuation<Void, Never>? in
            guard slots.head < slots.waiters.count else {
                slots.inUse -= 1
                return nil
            }
            let next = slots.waiters[slots.head]
            slots.head += 1
            if slots.head > 1024, slots.head * 2 > slots.waiters.count {
                slots.waiters.removeFirst(slots.head)
                slots.head = 0
            }
            return next
        }
        next?.resume()
    }

    var waiting: Int { slots.withLock { $0.waiters.count - $0.head } }
}
