@testable import PacketSupport
import Synchronization
import Testing

/// The reader thread's timer heap: order, cancellation, and dropping cancelled tops.
struct TimerQueueTests {
    @Test func runsDueTimersInOrderAndSkipsCancelledOnes() {
        let fired = Mutex<[Int]>([])
        var queue = TimerQueue()
        let tokens = [30, 10, 20, 40].map { due in queue.schedule(at: Int64(due)) { fired.withLock { $0.append(due) } } }
        queue.cancel(tokens[1])
        #expect(queue.nextDue() == 20, "the cancelled 10 is dropped before sleeping")
        for action in queue.takeDue(now: 35) { action() }
        #expect(fired.withLock { $0 } == [20, 30])
        #expect(queue.nextDue() == 40)
        queue.cancel(tokens[3])
        #expect(queue.nextDue() == nil)
        #expect(queue.takeDue(now: 100).isEmpty)
    }
}
