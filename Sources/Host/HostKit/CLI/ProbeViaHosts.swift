import ArgumentParser
import Foundation
import Kernel
import Logging

/// `vantage probe mtr TARGET --via HOST_ID[,…]`: mtr from SSH hosts (and `local`, this
/// machine) at the same time, one report per origin printed as each finishes. Hosts are read
/// from the store the configuration names; each runs for its own tenant.
struct ProbeViaHosts {
    let target: String
    let timeout: Double
    let options: [String: JSONValue]
    let probeArguments: [String]
    let via: String
    let configurationFile: String?
    let json: Bool
    let catalog: PluginCatalog

    static let remote = PluginID("probe.mtr_ssh")!
    static let local = PluginID("probe.mtr")!

    /// Runs every origin; returns whether any was down.
    func run() async throws -> Bool {
        guard let registration = catalog.registration(for: Self.remote.rawValue) else {
            throw Kernel.ValidationError(field: "--via", "this build has no probe.mtr_ssh")
        }
        var config = options
        var ignored: [String: JSONValue] = [:]
        try ProbeArguments(probeArguments, reporting: registration.reporting, catalog: catalog).apply(to: &config, plugin: &ignored)
        let names = via.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }), Set(names).count == names.count else {
            throw Kernel.ValidationError(field: "--via", "must be host ids (vantage hosts list) or local, comma-separated, each once")
        }
        let assembled = try await assembleForAdministration(path: configurationFile ?? "Plugins.json", catalog: catalog)
        let probes = assembled.services.probes
        var logger = Logger(label: "vantage.probe")
        logger.logLevel = .error
        var runs: [(name: String, kind: String, tenant: TenantID, probe: PreparedProbe)] = []
        for name in names {
            if name == "local" {
                guard let kind = probes.kind(of: Self.local) else { throw Kernel.ValidationError(field: "--via", "local needs probe.mtr enabled") }
                var localConfig = config
                localConfig["host"] = nil
                runs.append((name, kind, .defaultTenant, try probes.prepare(kind: kind, target: target, timeout: timeout, config: .object(localConfig))))
                continue
            }
            guard let kind = probes.kind(of: Self.remote) else {
                throw Kernel.ValidationError(field: "--via", "probe.mtr_ssh is not enabled in \(configurationFile ?? "Plugins.json")")
            }
            guard let id = RemoteHostID(name), let host = try await Self.find(id, in: assembled.services.store) else {
                throw Kernel.ValidationError(field: "--via", "no host \(name) (vantage hosts list --tenant ID lists them)")
            }
            var hostConfig = config
            hostConfig["host"] = .string(id.description)
            let egress = try await assembled.services.store.tenants.get(host.tenantID)?.egress ?? .unrestricted
            runs.append((host.name, kind, host.tenantID,
                         try probes.prepare(kind: kind, target: target, timeout: timeout, config: .object(hostConfig), egress: egress, tenant: host.tenantID)))
        }
        var anyDown = false
        let target = target, timeout = timeout, quiet = logger
        await withTaskGroup(of: ResultRecord.self) { group in
            for run in runs {
                group.addTask {
                    await OneShotProbe.run(run.probe, tenant: run.tenant, kind: run.kind, target: target, timeout: timeout, logger: quiet)
                }
            }
            for await record in group {
                anyDown = anyDown || record.result.status == .down
                print(render(record), terminator: "")
            }
        }
        return anyDown
    }

    private func render(_ record: ResultRecord) -> String {
        if json { return String(decoding: (try? APIEncoding.encoder.encode(record)) ?? Data(), as: UTF8.self) + "\n" }
        let report = catalog.registrations.first { $0.id.name == record.kind || $0.id == Self.remote && record.kind == "mtr_ssh" }?.reporting
        let origin = record.result.details.objectValue?["origin"] == nil ? "from this machine\n" : ""
        return origin + (report?.makeReport().finish(record, interactive: false) ?? "") + ProbeOutput.describe(record) + "\n\n"
    }

    /// The host with `id` in any tenant (the CLI administers the whole store).
    static func find(_ id: RemoteHostID, in store: any Store) async throws -> RemoteHost? {
        guard let hosts = (store as? any HostStore)?.hosts else { return nil }
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let found = try await hosts.listAllTenants(page: page)
            if let host = found.items.first(where: { $0.id == id }) { return host }
            page.cursor = found.nextCursor
        } while page.cursor != nil
        return nil
    }
}
