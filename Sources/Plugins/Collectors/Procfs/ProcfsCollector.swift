import Foundation
import Kernel
import ProcSupport

/// `collector.procfs`: reads the machine Vantage runs on from `/proc` — CPU, load, memory,
/// disks, network, filesystems, processes and system facts — and turns counters into rates
/// against the previous collection. No command runs and nothing is written.
public struct ProcfsCollector: Collector {
    public static let id = PluginID("collector.procfs")!
    public static let summary = "This machine's CPU, memory, disks, network, filesystems and processes from /proc"

    public typealias Configuration = ProcfsConfiguration

    private let reader: LocalProcReader
    private let history: HostReadingHistory

    public init(configuration: ProcfsConfiguration, context: PluginContext) async throws {
        self.init(configuration: configuration)
    }

    /// Creates a collector reading under `configuration.root`.
    public init(configuration: ProcfsConfiguration = ProcfsConfiguration()) {
        reader = LocalProcReader(root: configuration.prefix, processes: configuration.processes)
        history = HostReadingHistory(capacity: 64)
    }

    /// Reads the machine once; rates cover the time since the previous call with the same
    /// source address (since boot on the first).
    public func collect(from source: CollectorSource<EmptyOptions>) async throws -> CollectorReading {
        try await snapshot(source: "\(source.tenantID)/\(source.address)").collectorReading
    }

    /// One reading as a `HostSnapshot`, for the command line and tests.
    public func snapshot(source: String = "local") async throws -> HostSnapshot {
        let reading = try HostReading(reader.read(), at: Date())
        let previous = await history.exchange(source, reading)
        return HostSnapshot(previous: previous, current: reading)
    }
}
