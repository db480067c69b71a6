import ArgumentParser
import Foundation
import Kernel

/// `vantage monitors`: monitors on a headless server.
struct MonitorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "monitors", abstract: "Manage monitors.",
                                                    subcommands: [MonitorsImportCommand.self])
}

/// `vantage monitors import FILE`: creates many monitors at once, validated as the API
/// validates them, in one transaction.
struct MonitorsImportCommand: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create monitors from a JSON array or NDJSON file, all or none.",
        discussion: """
            Each entry is a monitor as POST /api/v1/monitors takes it: {"name": "web", "kind": "tcp", \
            "target": "db.example.net:5432", "interval": 60}. Every entry is checked first; one bad entry \
            stores nothing, and the errors name the entry ([3].interval, or line 4.interval in NDJSON). \
            Servers sharing the store through PostgreSQL schedule the new monitors at once; a server on \
            SQLite on its next start.
            """)

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id the monitors belong to.") var tenant: String
    @Argument(help: "The file: a JSON array of monitors, or NDJSON (one per line); - for standard input.") var path: String

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        guard let tenantID = TenantID(tenant) else { throw Kernel.ValidationError(field: "--tenant", "'\(tenant)' is not a tenant id") }
        let data: Data
        do {
            data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Kernel.ValidationError(field: "FILE", "cannot read '\(path)': \(error.localizedDescription)")
        }
        let inputs = try MonitorImportFile.parse(data)
        let assembled = try await assembleForAdministration(file, catalog: catalog)
        let services = assembled.services
        let monitors = MonitorService(store: services.store, probes: services.probes, events: services.events)
        let created = try await monitors.importAll(inputs, tenant: tenantID, relay: (services.store as? any EventRelayStore)?.eventRelay)
        print("imported \(created.count) monitors into tenant \(tenantID)")
    }
}
