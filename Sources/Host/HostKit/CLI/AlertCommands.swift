import ArgumentParser
import Foundation
import Kernel

/// The alerting service over the store `Plugins.json` names, with the enabled notifiers.
func alertingService(_ file: ConfigFileOption, catalog: PluginCatalog) async throws -> (AlertingService, HostServices) {
    let services = try await assembleForAdministration(file, catalog: catalog).services
    guard let store = services.store as? any AlertStore else {
        throw Kernel.ValidationError(field: "--config", "the store in \(file.config) keeps no alerts")
    }
    return (AlertingService(store: store, notifiers: services.notifiers, sealer: services.probes.sealer, settings: services.alerting,
                            serverID: services.serverID), services)
}

/// `vantage notify`: notification channels from the command line.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notify", abstract: "Work with notification channels.",
                                                    subcommands: [NotifyTestCommand.self])
}

/// `vantage notify test CHANNEL_ID`: sends a test alert through a channel now, prints the
/// receiver's answer and records it in the history. Exits 2 when it was not delivered.
struct NotifyTestCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Send a test alert through a channel.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id; default: whichever tenant has the channel.") var tenant: String?
    @Argument(help: "The channel id (GET /api/v1/notifications/channels).") var id: String

    func run(host: HostComposition) async throws {
        let (service, _) = try await alertingService(file, catalog: host.catalog)
        guard let channelID = ChannelID(id) else { throw Kernel.ValidationError(field: "CHANNEL_ID", "'\(id)' is not a channel id (a UUID)") }
        let channel: NotificationChannelRecord?
        if let tenant {
            channel = try await service.get(NotificationChannelRecord.self, channelID, tenant: try tenantID(tenant))
        } else {
            channel = try await Self.find(channelID, in: service)
        }
        guard let channel else { throw Kernel.ValidationError(field: "CHANNEL_ID", "no channel \(id)\(tenant.map { " in tenant \($0)" } ?? "")") }
        let delivery = await service.test(channel)
        let attempt = delivery.attempts.first
        print("channel:   \(channel.name) (\(channel.type))")
        print("delivered: \(attempt?.delivered == true ? "yes" : "no")")
        if let status = attempt?.status { print("status:    \(status)") }
        if let detail = attempt?.detail { print("answer:    \(detail)") }
        print(String(format: "time:      %.3f s", attempt?.duration ?? 0))
        print("alert:     \(delivery.alertID.uuidString.lowercased())")
        if attempt?.delivered != true { throw ExitCode(2) }
    }

    static func find(_ id: ChannelID, in service: AlertingService) async throws -> NotificationChannelRecord? {
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let found = try await service.store.alerts.listConfigAllTenants(.channel, page: page)
            if let match = found.items.first(where: { $0.id == id.rawValue }) { return match.record(as: NotificationChannelRecord.self) }
            page.cursor = found.nextCursor
        } while page.cursor != nil
        return nil
    }
}

/// `vantage alerts`: the alert history from the command line.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "Show alerts and their deliveries.",
                                                    subcommands: [AlertsListCommand.self])
}

/// `vantage alerts list`: the latest alerts, newest first, each with its deliveries.
struct AlertsListCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the latest alerts with their deliveries.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id; default: every tenant.") var tenant: String?
    @Option(help: "Only this monitor's alerts.") var monitor: String?
    @Option(help: "How many alerts per tenant (1 to 1000).") var limit = 20
    @Flag(help: "Print the alerts as JSON, as the API shows them.") var json = false

    func run(host: HostComposition) async throws {
        guard (1...PageRequest.maximumLimit).contains(limit) else { throw Kernel.ValidationError(field: "--limit", "must be 1 to 1000") }
        let monitorID = try monitor.map { text in
            guard let id = MonitorID(text) else { throw Kernel.ValidationError(field: "--monitor", "'\(text)' is not a monitor id") }
            return id
        }
        let (service, services) = try await alertingService(file, catalog: host.catalog)
        var tenants: [TenantID] = []
        if let tenant {
            tenants = [try tenantID(tenant)]
        } else {
            var page = PageRequest(limit: PageRequest.maximumLimit)
            repeat {
                let found = try await services.store.tenants.listAllTenants(page: page)
                tenants += found.items.map(\.id)
                page.cursor = found.nextCursor
            } while page.cursor != nil
        }
        var entries: [AlertHistoryEntry] = []
        for tenant in tenants {
            entries += try await service.history(tenant: tenant, monitor: monitorID, page: PageRequest(limit: limit)).items
        }
        entries.sort { $0.alert.occurredAt > $1.alert.occurredAt }
        if json {
            print(String(decoding: try APIEncoding.encoder.encode(entries), as: UTF8.self))
            return
        }
        if entries.isEmpty { print("no alerts") }
        for entry in entries {
            var line = "\(APIEncoding.dateText(entry.alert.occurredAt))  \(entry.alert.kind.rawValue)  \(entry.alert.severity.rawValue)  \(entry.alert.title)"
            if let suppressed = entry.suppressed { line += "  (held back: \(suppressed))" }
            print(line)
            for delivery in entry.deliveries {
                let last = delivery.attempts.last
                var text = "    → \(delivery.channelName): \(delivery.state.rawValue), \(delivery.attempts.count) attempt\(delivery.attempts.count == 1 ? "" : "s")"
                if let status = last?.status { text += ", \(status)" }
                if let detail = last?.detail, !(last?.delivered ?? false) { text += ": \(detail)" }
                if delivery.state == .pending, let next = delivery.nextAttemptAt { text += ", next at \(APIEncoding.dateText(next))" }
                print(text)
            }
        }
    }
}
