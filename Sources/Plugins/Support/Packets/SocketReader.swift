#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PacketShims
import Synchronization

/// Sends packets on a schedule from a socket's reader thread, so that a bulk sweep paces its
/// sends and reads its replies on one thread, as fping does, instead of waking a second one.
public protocol PacketPacer: AnyObject, Sendable {
    /// When the next packet is due (`CLOCK_MONOTONIC` nanoseconds), or nil when done.
    func nextDue() -> Int64?
    /// Sends every packet due by `now`; called on the reader thread.
    func fire(now: Int64)
}

/// A thread that reads a `PacketSocket` for the life of the process, hands every packet to a
/// handler, and runs the pacers attached to it between reads. Readers back the process-wide
/// shared sockets, so they are never stopped.
final class SocketReader: Sendable {
    private let socket: PacketSocket
    private let errorQueue: Bool
    private let handler: @Sendable (ReceivedPacket) -> Void
    private let draining = Atomic<Bool>(false)
    private let wakeDescriptor: Int32
    private let pacers = Mutex<[any PacketPacer]>([])
    private let timers = Mutex(TimerQueue())
    private let loopThread = Atomic<UInt>(0)

    /// Starts reading; `errorQueue` also drains `IP_RECVERR` errors.
    init(socket: PacketSocket, name: String, errorQueue: Bool, handler: @escaping @Sendable (ReceivedPacket) -> Void) {
        self.socket = socket
        self.errorQueue = errorQueue
        self.handler = handler
        self.wakeDescriptor = vantage_eventfd()
        let thread = Thread { [self] in
            self.loopThread.store(UInt(pthread_self()), ordering: .releasing)
            self.loop()
        }
        thread.name = name
        thread.start()
    }

    /// Runs `pacer` on this reader's thread until it has nothing more to send.
    func attach(_ pacer: any PacketPacer) {
        pacers.withLock { $0.append(pacer) }
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, 8)
    }

    /// Runs `action` on this reader's thread at `due` (`CLOCK_MONOTONIC` nanoseconds) unless
    /// cancelled first; returns the token for `cancelTimer`.
    func schedule(at due: Int64, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let (token, earliest) = timers.withLock { queue in
            let previous = queue.nextDue()
            let token = queue.schedule(at: due, action)
            return (token, previous.map { due < $0 } ?? true)
        }
        // Wake the thread only when it may be sleeping past the new deadline.
        if earliest, UInt(pthread_self()) != loopThread.load(ordering: .acquiring) {
            var one: UInt64 = 1
            _ = write(wakeDescriptor, &one, 8)
        }
        return token
    }

    /// Cancels a timer.
    func cancelTimer(_ token: UInt64) { timers.withLock { $0.cancel(token) } }

    /// Whether packets have arrived that no sink has seen yet: unread on the socket (or its
    /// error queue), or read and still being handed out. A trace checks this before it gives
    /// up on a probe, so a busy machine does not turn a timely answer into a lost one.
    var hasUnhandledPackets: Bool {
        if draining.load(ordering: .sequentiallyConsistent) { return true }
        var descriptor = pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return draining.load(ordering: .sequentiallyConsistent) }
        return descriptor.revents & Int16(POLLIN | POLLERR) != 0
    }

    /// Runs due timers and pacers, drops finished pacers, and returns the earliest next due time.
    private func runPacers() -> Int64? {
        for action in timers.withLock({ $0.takeDue(now: Clock.monotonicNanoseconds()) }) { action() }
        var earliest: Int64? = timers.withLock { $0.nextDue() }
        let active = pacers.withLock { $0 }
        guard !active.isEmpty else { return earliest }
        var finished: [ObjectIdentifier] = []
        for pacer in active {
            let now = Clock.monotonicNanoseconds()
            if let due = pacer.nextDue(), due <= now { pacer.fire(now: now) }
            if let due = pacer.nextDue() { earliest = min(earliest ?? due, due) } else { finished.append(ObjectIdentifier(pacer)) }
        }
        if !finished.isEmpty { pacers.withLock { $0.removeAll { finished.contains(ObjectIdentifier($0)) } } }
        return earliest
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var descriptors = [pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        while true {
            let nextDue = runPacers()
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            let ready: Int32
            if let nextDue {
                let wait = max(nextDue - Clock.monotonicNanoseconds(), 0)
                var timeout = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
                ready = vantage_ppoll(&descriptors, 2, &timeout)
            } else {
                ready = vantage_ppoll(&descriptors, 2, nil)
            }
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if descriptors[1].revents != 0 {
                var value: UInt64 = 0
                _ = read(wakeDescriptor, &value, 8)
            }
            // One read per readiness: when more is waiting, poll returns at once, which costs
            // one system call per packet fewer than reading until EAGAIN.
            let events = descriptors[0].revents
            guard events != 0 else { continue }
            draining.store(true, ordering: .sequentiallyConsistent)
            if events & Int16(POLLIN) != 0, let packet = socket.receive(into: &buffer) { handler(packet) }
            if errorQueue, events & Int16(POLLERR) != 0 {
                while let packet = socket.receive(into: &buffer, errorQueue: true) { handler(packet) }
            }
            draining.store(false, ordering: .sequentiallyConsistent)
        }
    }
}

