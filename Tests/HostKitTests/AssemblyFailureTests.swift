import Foundation
import HostKit
import Kernel
import KernelTesting
import Logging
import Synchronization
import Testing

/// A configuration refused part-way through assembly leaves nothing open: every plugin
/// constructed before the failure is closed, in reverse order.
@Suite("assembly failures")
struct AssemblyFailureTests {
    static let logger: Logger = {
        var logger = Logger(label: "assembly-test")
        logger.logLevel = .critical
        return logger
    }()

    @Test func aPluginThatFailsToStartClosesThoseConstructedBeforeIt() async throws {
        let catalog = try PluginCatalog(TestHost.catalog.registrations + [.probe(ClosingProbe.self), .probe(FailingProbe.self)])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-assembly-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = VantageConfiguration(server: ServerSettings(listen: "127.0.0.1:0", dataDirectory: directory.path), plugins: [
            PluginEntry(plugin: "store.sqlite"), PluginEntry(plugin: "auth.jwt"),
            PluginEntry(plugin: "probe.closing"), PluginEntry(plugin: "probe.failing"),
        ])
        let before = ClosingProbe.closed.load(ordering: .sequentiallyConsistent)
        let error = await #expect(throws: ConfigurationError.self) {
            _ = try await VantageHost.assemble(configuration: configuration, catalog: catalog, logger: Self.logger,
                                               environment: ["VANTAGE_JWT_SECRET": TestHost.secret])
        }
        #expect(error?.path == "$.plugins[3]", "\(String(describing: error))")
        #expect(ClosingProbe.closed.load(ordering: .sequentiallyConsistent) == before + 1, "the probe constructed before the failure was closed")
    }
}

/// A probe that counts how often it was closed.
struct ClosingProbe: Probe, ClosablePlugin {
    static let id = PluginID("probe.closing")!
    static let summary = "counts its closes"
    static let closed = Atomic<Int>(0)
    init(configuration: EmptyConfiguration, context: PluginContext) async throws {}
    func run(_ request: ProbeRequest<EmptyOptions>) async throws -> ProbeResult { ProbeResult(status: .up) }
    func close() async { Self.closed.add(1, ordering: .sequentiallyConsistent) }
}

/// A probe that cannot start.
struct FailingProbe: Probe {
    static let id = PluginID("probe.failing")!
    static let summary = "never starts"
    struct NotToday: Error {}
    init(configuration: EmptyConfiguration, context: PluginContext) async throws { throw NotToday() }
    func run(_ request: ProbeRequest<EmptyOptions>) async throws -> ProbeResult { ProbeResult(status: .up) }
}
