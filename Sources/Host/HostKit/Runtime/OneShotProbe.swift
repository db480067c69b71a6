import Foundation
import Kernel
import Logging

/// Runs one probe now, under the same deadline as the scheduler, as a result record (used by
/// the API and by `vantage probe`).
public enum OneShotProbe {
    /// Runs a prepared probe and wraps its result in a record without a monitor.
    public static func run(_ prepared: PreparedProbe, tenant: TenantID, kind: String, target: String,
                           timeout: Double, logger: Logger, progress: ProbeProgress? = nil) async -> ResultRecord {
        let started = Date()
        let clock = ContinuousClock()
        let begin = clock.now
        let result = await ProbeExecution.run(prepared, timeout: timeout, logger: logger, progress: progress)
        let elapsed = clock.now - begin
        let duration = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return ResultRecord(tenantID: tenant, monitorID: nil, kind: kind, target: target,
                            startedAt: started, duration: duration, result: result)
    }
}
