import Foundation
import Kernel
import Logging

/// One behaviour every probe must have (see `Probe`), run against a probe and its targets.
public struct ProbeConformanceCase: Sendable, CustomStringConvertible {
    /// A name that says what is checked.
    public let name: String
    /// What the subject must offer for the case to apply.
    public let needs: ProbeConformanceSubject.Offers
    /// The check; throws `ConformanceFailure` when it fails.
    public let run: @Sendable (ProbeConformanceSubject) async throws -> Void

    init(_ name: String, needs: ProbeConformanceSubject.Offers = [], _ run: @escaping @Sendable (ProbeConformanceSubject) async throws -> Void) {
        self.name = name
        self.needs = needs
        self.run = run
    }

    public var description: String { name }
}

/// The probe conformance suite, enumerated as data as `StoreConformance` is: each probe's
/// test target runs the cases its targets allow with one parameterised test.
///
/// ```swift
/// @Test(arguments: ProbeConformance.cases(offering: [.downTarget, .slowTarget]))
/// func conformance(_ check: ProbeConformanceCase) async throws {
///     try await check.run(ProbeConformanceSubject(ProbeRunner(try MyProbe(), kind: "my"), badTarget: "a b",
///                                                 downTarget: (closedPort, .emptyObject), slowTarget: (silent, .emptyObject)))
/// }
/// ```
///
/// The deadline bounds are generous (a run given 1 s must end within 30 s) because they
/// check that the probe stops, not how fast: speed is measured in `Benchmarks/`.
public enum ProbeConformance {
    /// Every case.
    public static let all: [ProbeConformanceCase] = [
        .init("a target in the wrong syntax is refused naming the field 'target'") { subject in
            try await expectThrows("bad target '\(subject.badTarget)'", matching: names(field: "target")) {
                _ = try subject.runner.prepare(target: subject.badTarget, timeout: 5, config: .emptyObject)
            }
        },
        .init("an unknown option is refused naming the field 'config.<key>'") { subject in
            let target = subject.downTarget?.target ?? subject.slowTarget?.target ?? subject.badTarget
            try await expectThrows("unknown option", matching: names(field: "config.noSuchOption")) {
                _ = try subject.runner.prepare(target: target, timeout: 5, config: .object(["noSuchOption": .bool(true)]))
            }
        },
        .init("a down target is a result with a failure, not an error", needs: .downTarget) { subject in
            guard let (target, config) = subject.downTarget else { return }
            let result = try await subject.runner.prepare(target: target, timeout: 5, config: config).run(logger: logger)
            try expectEqual(result.status, .down, "status for \(target)")
            guard let failure = result.failure, !failure.code.isEmpty, !failure.message.isEmpty else {
                throw ConformanceFailure(message: "a down result names its failure (code and message), got \(String(describing: result.failure))",
                                         location: "\(#fileID):\(#line)")
            }
        },
        .init("the run's timeout is honoured: a slow target ends in a result within the deadline", needs: .slowTarget) { subject in
            guard let (target, config) = subject.slowTarget else { return }
            let prepared = try subject.runner.prepare(target: target, timeout: 1, config: config)
            let started = ContinuousClock.now
            _ = try await prepared.run(logger: logger)
            let elapsed = ContinuousClock.now - started
            // A probe that ignores its timeout waits on the silent target until cancelled; 30 s
            // leaves room for a test process whose first seconds are busy starting every
            // fixture at once (a whois run given 1 s once took 10.4 s then, on two cores).
            if elapsed > .seconds(30) {
                throw ConformanceFailure(message: "a run given 1 s took \(elapsed)", location: "\(#fileID):\(#line)")
            }
        },
        .init("cancelling the task stops the run", needs: .slowTarget) { subject in
            guard let (target, config) = subject.slowTarget else { return }
            let prepared = try subject.runner.prepare(target: target, timeout: 120, config: config)
            let started = ContinuousClock.now
            let task = Task { try await prepared.run(logger: logger) }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            _ = try? await task.value
            let elapsed = ContinuousClock.now - started
            // A probe that ignores cancellation runs its full 120 s; 30 s leaves room for a
            // test process whose first seconds are busy starting every fixture at once (10 s
            // did not, on two cores).
            if elapsed > .seconds(30) {
                throw ConformanceFailure(message: "a run given 120 s and cancelled after 0.3 s took \(elapsed)", location: "\(#fileID):\(#line)")
            }
        },
    ]

    /// The cases a subject offering `offers` runs.
    public static func cases(offering offers: ProbeConformanceSubject.Offers) -> [ProbeConformanceCase] {
        all.filter { offers.isSuperset(of: $0.needs) }
    }

    private static let logger: Logger = {
        var logger = Logger(label: "probe-conformance")
        logger.logLevel = .critical
        return logger
    }()

    /// Whether an error is a `ValidationError` with an issue on `field`.
    private static func names(field: String) -> (any Error) -> Bool {
        { error in (error as? ValidationError)?.issues.contains { $0.field == field } ?? false }
    }
}
