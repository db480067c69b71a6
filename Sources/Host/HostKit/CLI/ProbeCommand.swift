import ArgumentParser
import Foundation
import Kernel
import Logging

/// `vantage probe KIND TARGET`: runs one probe from the command line. Exits 0 when the
/// target is up or degraded, 2 when it is down.
///
/// The probe is built as `serve` builds it: from its entry in `Plugins.json` (its settings
/// and its `deny`/`allow` policy; a disabled probe does not run), or with its defaults when
/// the file has no entry for it. Its own flags and its text output come from the plugin
/// (`ReportingProbe`); the command knows none of them.
struct ProbeCommand: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Run one probe now, e.g. `vantage probe tcp example.com:443`.",
        discussion: "Each probe adds flags of its own; `vantage plugins --flags` lists them.")

    @Argument(help: "The probe kind: a probe's instance name or kind (`vantage plugins` lists them).")
    var kind: String

    @Argument(help: "The target in the probe's syntax (each probe's README gives it: host:port, a URL, a domain...).")
    var target: String

    @Option(name: .long, help: "Seconds the probe may take.")
    var timeout: Double = 60

    @Option(name: .customLong("options"), help: "Probe options as a JSON object, as a monitor's config.")
    var options: String = "{}"

    @Flag(name: .long, help: "Print the result as JSON, the same object the API returns.")
    var json = false

    @Option(name: .long, help: "The configuration whose probe settings apply (default: Plugins.json, when present).")
    var config: String?

    @Option(name: .long, help: "mtr only: run from these SSH hosts at once (ids from `vantage hosts list`, comma-separated; `local` for this machine too).")
    var via: String?

    @Argument(parsing: .allUnrecognized, help: "The probe's own flags and argument (ping: -c 5; dns: NAME TYPE --server HOST).")
    var probeArguments: [String] = []

    func run(host: HostComposition) async throws {
        guard (0.01...300).contains(timeout) else { throw Kernel.ValidationError(field: "--timeout", "must be more than 0 and at most 300 seconds") }
        guard let parsed = try? JSONValue.parse(Data(options.utf8)), var config = parsed.objectValue else {
            throw Kernel.ValidationError(field: "--options", "must be a JSON object")
        }
        if let via {
            let selected = try ProbeSelection.select(kind: kind, catalog: host.catalog, configurationFile: self.config)
            guard [ProbeViaHosts.local, ProbeViaHosts.remote].contains(selected.registration.id) else {
                throw Kernel.ValidationError(field: "--via", "only mtr runs from SSH hosts; '\(kind)' is \(selected.registration.id)")
            }
            let anyDown = try await ProbeViaHosts(target: target, timeout: timeout, options: config, probeArguments: probeArguments, via: via,
                                                  configurationFile: self.config, json: json, catalog: host.catalog).run()
            if anyDown { throw ExitCode(2) }
            return
        }
        let selected = try ProbeSelection.select(kind: kind, catalog: host.catalog, configurationFile: self.config)
        var pluginConfig = selected.pluginConfig.objectValue ?? [:]
        try ProbeArguments(probeArguments, reporting: selected.registration.reporting, catalog: host.catalog)
            .apply(to: &config, plugin: &pluginConfig)
        var logger = Logger(label: "vantage.probe")
        logger.logLevel = .error
        let context = PluginContext(instanceName: selected.instanceName, logger: logger,
                                    dataDirectory: FileManager.default.currentDirectoryPath, events: EventBus())
        guard case .probe(let runner) = try await selected.registration.construct(configuration: .object(pluginConfig), path: selected.path,
                                                                                  context: context).instance else {
            throw Kernel.ValidationError(field: "KIND", "'\(kind)' is not a probe")
        }
        let enrichment = try await selected.enrichment(logger: logger)
        let prepared = enrichment.wrapping(try runner.prepare(target: target, timeout: timeout, config: .object(config)))
        let output = ProbeOutput(report: json ? nil : selected.registration.reporting?.makeReport())
        let record = await OneShotProbe.run(prepared, tenant: .defaultTenant, kind: kind, target: target, timeout: timeout,
                                            logger: logger, progress: json ? nil : ProbeProgress { output.progress($0) })
        if json {
            print(String(decoding: try APIEncoding.encoder.encode(record), as: UTF8.self))
        } else {
            output.finish(record)
        }
        if record.result.status == .down { throw ExitCode(2) }
    }
}
