#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A thread that reads a `PacketSocket` for the life of the process and hands every packet to
/// a handler. Readers back the process-wide shared sockets, so they are never stopped.
final class SocketReader: Sendable {
    private let socket: PacketSocket
    private let errorQueue: Bool
    private let handler: @Sendable (ReceivedPacket) -> Void
    private let draining = Atomic<Bool>(false)

    /// Starts reading; `errorQueue` also drains `IP_RECVERR` errors.
    init(socket: PacketSocket, name: String, errorQueue: Bool, handler: @escaping @Sendable (ReceivedPacket) -> Void) {
        self.socket = socket
        self.errorQueue = errorQueue
        self.handler = handler
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.start()
    }

    /// Whether packets have arrived that no sink has seen yet: unread on the socket (or its
    /// error queue), or read and still being handed out. A trace checks this before it gives
    /// up on a probe, so a busy machine does not turn a timely answer into a lost one.
    var hasUnhandledPackets: Bool {
        if draining.load(ordering: .sequentiallyConsistent) { return true }
        var descriptor = pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return draining.load(ordering: .sequentiallyConsistent) }
        return descriptor.revents & Int16(POLLIN | POLLERR) != 0
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var descriptor = pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            descriptor.revents = 0
            let ready = poll(&descriptor, 1, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            draining.store(true, ordering: .sequentiallyConsistent)
            while let packet = socket.receive(into: &buffer) { handler(packet) }
            if errorQueue {
                while let packet = socket.receive(into: &buffer, errorQueue: true) { handler(packet) }
            }
            draining.store(false, ordering: .sequentiallyConsistent)
        }
    }
}
