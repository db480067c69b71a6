import Foundation
import Kernel
import Synchronization

/// A probe whose behaviour a test scripts: a closure from the target and the run number
/// (counted per target, from 1) to a result. It may hang, throw or sleep.
public struct ScriptedProbe: Probe {
    public static let id = PluginID("probe.scripted")!
    public static let summary = "A probe scripted by a test"
    /// Reads the previous result: tests check what it is given.
    public static let readsPreviousResult = true

    /// The script.
    public typealias Behaviour = @Sendable (_ target: String, _ run: Int) async throws -> ProbeResult

    private let behaviour: Behaviour
    private let counter = RunCounter()

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {
        self.init { _, _ in ProbeResult(status: .up, latency: 0.001) }
    }

    /// Creates a probe with a script.
    public init(_ behaviour: @escaping Behaviour) { self.behaviour = behaviour }

    public func run(_ request: ProbeRequest<EmptyOptions>) async throws -> ProbeResult {
        let run = counter.next(for: request.target)
        counter.record(previous: request.previous, for: request.target)
        return try await behaviour(request.target, run)
    }

    /// The `ProbeRequest.previous` the last run of a target was given.
    public func lastPrevious(of target: String) -> ProbeResult? { counter.previous(for: target) }

    /// The `ProbeRequest.previous` the first run of a target was given.
    public func firstPrevious(of target: String) -> ProbeResult? { counter.firstPrevious(for: target) }

    /// Runs started so far for a target.
    public func runs(of target: String) -> Int { counter.count(for: target) }

    /// A script that never returns and ignores cancellation: the watchdog's test case.
    public static let hangForever: Behaviour = { _, _ in
        await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
        return ProbeResult(status: .up)
    }
}

/// Thread-safe run counts per target.
final class RunCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    private let previous = Mutex<[String: ProbeResult]>([:])
    private let first = Mutex<[String: ProbeResult?]>([:])
    func record(previous result: ProbeResult?, for target: String) {
        previous.withLock { $0[target] = result }
        first.withLock { if $0[target] == nil { $0[target] = .some(result) } }
    }
    func firstPrevious(for target: String) -> ProbeResult? { first.withLock { $0[target] ?? nil } }
    func previous(for target: String) -> ProbeResult? { previous.withLock { $0[target] } }
    func next(for target: String) -> Int { counts.withLock { $0[target, default: 0] += 1; return $0[target]! } }
    func count(for target: String) -> Int { counts.withLock { $0[target] ?? 0 } }
}

/// Waits until `condition` holds, polling every 20 ms, for at most `seconds`; returns whether
/// it held. For tests that wait for asynchronous effects (not for timing assertions): the
/// default is generous because the whole suite starts its fixtures at once on small machines,
/// and a condition that holds returns at once anyway.
public func eventually(within seconds: Double = 30, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
