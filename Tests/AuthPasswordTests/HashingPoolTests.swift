import AuthPassword
import Foundation
import Kernel
import KernelTesting
import Logging
import NIOPosix
import Synchronization
import Testing

/// bcrypt must not occupy NIO's shared blocking pool, where probes resolve names: a burst of
/// registrations once made a probe's `localhost` lookup wait out its 5-second timeout.
struct HashingPoolTests {
    @Test func aBurstOfRegistrationsLeavesTheSharedBlockingPoolFree() async throws {
        let store = InMemoryStore()
        let context = PluginContext(instanceName: "password", logger: Logger(label: "test"), dataDirectory: NSTemporaryDirectory(),
                                    events: EventBus(), identity: IdentityRecords(store), environment: ["VANTAGE_JWT_SECRET": String(repeating: "s", count: 48)])
        let configuration = try JSONDecoder().decode(PasswordAuthenticator.Configuration.self,
                                                     from: Data(#"{"registration": "open", "bcryptCost": 10}"#.utf8))
        let authenticator = try await PasswordAuthenticator(configuration: configuration, context: context)
        let finished = FinishedCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<(2 * ProcessInfo.processInfo.activeProcessorCount + 2) {
                group.addTask {
                    _ = try await authenticator.createAccount(email: "u\(index)@example.org", username: "user\(index)",
                                                              password: "a-good-password-\(index)", admin: false)
                    finished.increment()
                }
            }
            // Give the hashes time to be queued, then use the shared pool as a probe would.
            try await Task.sleep(for: .milliseconds(50))
            let hashedBeforeTheSharedPoolAnswered = try await NIOThreadPool.singleton.runIfActive { finished.value }
            #expect(hashedBeforeTheSharedPoolAnswered == 0, "the shared pool waited for \(hashedBeforeTheSharedPoolAnswered) hashes")
            try await group.waitForAll()
        }
    }
}

private final class FinishedCount: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}
