import FixtureServers
import Foundation
import Kernel
import PacketSupport
@testable import ProbeTLS
import Synchronization
import Testing

/// A socket that fails to connect is closed once. A second `close` of the same number hits
/// whatever another thread was given that number in between: in the server, an event loop's
/// socket, which then tripped SwiftNIO's "fd already registered" assertion in a CI run.
@Suite("probe.tls blocking socket")
struct BlockingSocketTests {
    /// 4,000 refused connects in scripts/test.sh's quiet pass (nothing else running, where the
    /// race shows: the old code failed it); 300 beside the other tests, where a long run of
    /// this would starve them. The connects run on a thread of their own, not the pool's.
    static let connects = ProcessInfo.processInfo.environment["VANTAGE_QUIET_MACHINE"] == "1" ? 4000 : 300

    @Test func aRefusedConnectClosesItsSocketOnce() async throws {
        let port = try SilentListener.closedPort()
        let watcher = DescriptorWatcher()
        let thread = Thread { watcher.run() }
        thread.start()
        defer { watcher.stop() }
        let refused = try await onOwnThread {
            var refused = 0
            for _ in 0..<Self.connects {
                let deadline = ContinuousClock.now + .seconds(2)
                do {
                    _ = try BlockingSocket(address: IPAddress("127.0.0.1")!, port: port, deadline: deadline, cancellation: SocketCancellation())
                } catch let failure as ProbeFailure {
                    if failure.code == "refused" { refused += 1 }
                } catch {}
            }
            return refused
        }
        watcher.stop()
        #expect(refused == Self.connects)
        #expect(watcher.checked > 0)
        #expect(watcher.lost == 0, "a pipe of another thread was closed under it \(watcher.lost) times")
    }
}

/// Keeps opening pipes and checks each end is still open before closing it itself.
private final class DescriptorWatcher: Sendable {
    private let state = Mutex<(stopped: Bool, checked: Int, lost: Int)>((false, 0, 0))

    var checked: Int { state.withLock { $0.checked } }
    var lost: Int { state.withLock { $0.lost } }
    func stop() { state.withLock { $0.stopped = true } }

    func run() {
        while !state.withLock({ $0.stopped }) {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { continue }
            for _ in 0..<50 { sched_yield() }
            // A closed end fails F_GETFD; one closed and reused by a socket is no pipe.
            let intact = ends.allSatisfy { fcntl($0, F_GETFD) >= 0 && Self.isPipe($0) }
            state.withLock {
                $0.checked += 1
                if !intact { $0.lost += 1 }
            }
            if intact { ends.forEach { _ = close($0) } }
        }
    }

    private static func isPipe(_ descriptor: Int32) -> Bool {
        var info = stat()
        return fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
    }
}
