#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Stops a handshake blocked on a thread of the pool when its task is cancelled: `cancel()`
/// shuts the registered socket down, which wakes the blocked `poll`, `read` or `write` at once.
/// The socket unregisters before it closes, so a descriptor number reused by another socket
/// is never shut down.
final class SocketCancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, descriptor: Int32?)>((false, nil))

    /// Whether `cancel()` was called.
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Registers the socket to shut down; false (and nothing registered) when already cancelled.
    func register(_ descriptor: Int32) -> Bool {
        state.withLock { state in
            guard !state.cancelled else { return false }
            state.descriptor = descriptor
            return true
        }
    }

    /// Forgets the socket before it is closed.
    func unregister() {
        state.withLock { $0.descriptor = nil }
    }

    /// Marks the run cancelled and shuts the registered socket down.
    func cancel() {
        state.withLock { state in
            state.cancelled = true
            if let descriptor = state.descriptor { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }
}
