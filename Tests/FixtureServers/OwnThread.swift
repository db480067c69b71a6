import Foundation

/// Runs blocking work (a `waitpid`, a blocking socket, a pipe read) on a thread of its own and
/// awaits it, so the test awaiting it holds none of the concurrency pool's threads.
///
/// The pool has one thread per core: on two cores, two tests blocked in a pipe read stall every
/// other test in the process, and a probe conformance test once measured such a stall (a run
/// given 1 s "took" 10 s) instead of the probe.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
