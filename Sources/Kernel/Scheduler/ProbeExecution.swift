import Foundation
import Logging
import Synchronization

/// Runs a prepared probe under a deadline. The caller gets a result by the deadline even if
/// the probe hangs and ignores cancellation: the probe's task is cancelled and abandoned,
/// and the run counts as down with reason `timeout`. A probe that throws counts as down
/// with reason `probe_error`.
public enum ProbeExecution {
    /// Extra time past the request's timeout before the host gives up on a probe that
    /// should have enforced the timeout itself.
    public static func deadline(forTimeout timeout: Double) -> Double { timeout + min(max(timeout * 0.1, 0.05), 1) }

    /// Runs `probe` with no deadline of its own (the scheduling engine enforces it): a probe
    /// that throws is down with `probe_error`, one cancelled is down with `timeout`.
    public static func attempt(_ probe: PreparedProbe, timeout: Double, logger: Logger, progress: ProbeProgress? = nil,
                               previous: ProbeResult? = nil) async -> ProbeResult {
        do {
            return try await probe.run(logger: logger, progress: progress, previous: previous)
        } catch is CancellationError {
            return .down(.timeout(after: timeout))
        } catch {
            return .down(ProbeFailure(code: "probe_error", message: "the probe could not run: \(error)"))
        }
    }

    /// Runs `probe`, returning its result or a timeout result at `deadline(forTimeout:)`.
    public static func run(_ probe: PreparedProbe, timeout: Double, logger: Logger, progress: ProbeProgress? = nil,
                           previous: ProbeResult? = nil) async -> ProbeResult {
        let race = Race()
        return await withCheckedContinuation { continuation in
            let work = Task {
                let result = await attempt(probe, timeout: timeout, logger: logger, progress: progress, previous: previous)
                if race.claim() {
                    continuation.resume(returning: result)
                    race.cancelTimer()
                }
            }
            let limit = deadline(forTimeout: timeout)
            let timer = Task {
                try? await Task.sleep(for: .seconds(limit))
                guard !Task.isCancelled, race.claim() else { return }
                work.cancel()
                logger.warning("probe did not finish by its deadline; abandoned", metadata: ["deadline": "\(limit)"])
                continuation.resume(returning: .down(.timeout(after: timeout)))
            }
            race.setTimer(timer)
        }
    }
}

/// Decides which of the probe and the timer finishes a run.
private final class Race: Sendable {
    private let claimed = Atomic<Bool>(false)
    private let timer = Mutex<Task<Void, Never>?>(nil)

    func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    func setTimer(_ task: Task<Void, Never>) {
        let finished = claimed.load(ordering: .acquiring)
        timer.withLock { $0 = task }
        if finished { task.cancel() }
    }

    func cancelTimer() { timer.withLock { $0?.cancel() } }
}
