import ArgumentParser
import Foundation
import Kernel
import Logging

/// `vantage collect local|HOST_ID`: one reading of this machine (`collector.procfs`) or of an
/// SSH host (`collector.ssh`), printed as `vmstat`, `free`, `df` and `top` would. Rates need
/// two readings: the command reads, waits `--interval` seconds and reads again (with
/// `--interval 0`, CPU is the average since boot and there are no rates, as `vmstat`'s first line).
struct CollectCommand: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect", abstract: "Read a host's CPU, memory, disks, network and processes once.",
        discussion: """
            SOURCE is `local` (this machine, through collector.procfs) or the id of an SSH host \
            (vantage hosts list; through collector.ssh, with the host's credentials from the store). \
            The collector's settings come from the configuration when it enables the collector.
            """)

    @OptionGroup var file: ConfigFileOption
    @Argument(help: "local, or an SSH host id.") var source: String
    @Option(help: "Seconds between the two readings rates are computed from (0 to 60).") var interval: Double = 1
    @Option(help: "Processes to list, most CPU first (0: none).") var top: Int = 10
    @Flag(help: "Print the reading (samples and details) as JSON.") var json = false

    func validate() throws {
        guard (0...60).contains(interval) else { throw ValidationError("--interval must be 0 to 60 seconds") }
        guard (0...10_000).contains(top) else { throw ValidationError("--top must be 0 to 10000") }
    }

    func run(host: HostComposition) async throws {
        let (collector, tenant, address, close) = try await source == "local" ? local(host.catalog) : remote(host.catalog)
        var reading = try await collect(collector, tenant: tenant, address: address)
        if interval > 0 {
            try await Task.sleep(for: .milliseconds(Int(interval * 1_000)))
            reading = try await collect(collector, tenant: tenant, address: address)
        }
        await close()
        if json {
            let object: JSONValue = .object(["samples": .array(reading.samples.map { sample in
                .object(["name": .string(sample.name), "labels": .object(sample.labels.mapValues(JSONValue.string)), "value": .number(sample.value)])
            }), "details": reading.details])
            print(String(decoding: try APIEncoding.encoder.encode(object), as: UTF8.self))
        } else {
            print(CollectReport(reading, top: top).text, terminator: "")
        }
    }

    private func collect(_ collector: CollectorRunner, tenant: TenantID, address: String) async throws -> CollectorReading {
        do {
            return try await collector.collect(tenant: tenant, address: address, options: .object([:]), sealer: nil)
        } catch let failure as CollectorFailure {
            throw Kernel.ValidationError(field: "SOURCE", failure.description)
        }
    }

    /// collector.procfs with the configuration's settings when it enables the collector, else
    /// its defaults; no store is opened.
    private func local(_ catalog: PluginCatalog) async throws -> (CollectorRunner, TenantID, String, @Sendable () async -> Void) {
        let id = "collector.procfs"
        guard let registration = catalog.registration(for: id) else { throw Kernel.ValidationError(field: "SOURCE", "this build has no \(id)") }
        var config: JSONValue = .object([:])
        var path = "$.config"
        if FileManager.default.fileExists(atPath: file.config) {
            let loaded = try ConfigurationLoader(catalog: catalog).load(path: file.config)
            if let (index, entry) = loaded.enabledPlugins.first(where: { $0.entry.plugin == id }) {
                config = entry.config
                path = "$.plugins[\(index)].config"
            }
        }
        var logger = Logger(label: "vantage.collect")
        logger.logLevel = .error
        let context = PluginContext(instanceName: "procfs", logger: logger, dataDirectory: FileManager.default.temporaryDirectory.path, events: EventBus())
        let constructed = try await registration.construct(configuration: config, path: path, context: context)
        guard case .collector(let runner) = constructed.instance else { throw Kernel.ValidationError(field: "SOURCE", "\(id) is not a collector") }
        return (runner, .defaultTenant, "local", constructed.close ?? {})
    }

    /// collector.ssh as the configuration enables it, over the store's hosts.
    private func remote(_ catalog: PluginCatalog) async throws -> (CollectorRunner, TenantID, String, @Sendable () async -> Void) {
        guard let id = RemoteHostID(source) else {
            throw Kernel.ValidationError(field: "SOURCE", "'\(source)' is neither local nor a host id (vantage hosts list --tenant ID lists them)")
        }
        let assembled = try await assembleForAdministration(file, catalog: catalog)
        guard let collector = assembled.services.collectors.first(where: { $0.pluginID.rawValue == "collector.ssh" }) else {
            throw Kernel.ValidationError(field: "--config", "collector.ssh is not enabled in \(file.config)")
        }
        guard let host = try await ProbeViaHosts.find(id, in: assembled.services.store) else {
            throw Kernel.ValidationError(field: "SOURCE", "no host \(source) (vantage hosts list --tenant ID lists them)")
        }
        return (collector, host.tenantID, host.id.description, {})
    }
}
