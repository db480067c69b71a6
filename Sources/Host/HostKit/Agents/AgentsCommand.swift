import ArgumentParser
import Foundation
import Kernel

/// `vantage agents`: enrolled agents on a headless server, as `/api/v1/agents` manages them.
/// A decision made here reaches the server holding the agent's connection at the agent's
/// next heartbeat (at once through the relay of a shared PostgreSQL store).
struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agents", abstract: "List, approve and revoke agents.",
                                                    subcommands: [AgentsListCommand.self, AgentsApproveCommand.self, AgentsRevokeCommand.self])
}

/// The agent service over the store `Plugins.json` names.
func agentService(_ file: ConfigFileOption, catalog: PluginCatalog) async throws -> (AgentService, AgentSettings) {
    let host = try await assembleForAdministration(file, catalog: catalog)
    guard let store = host.services.store as? any AgentStore else {
        throw Kernel.ValidationError(field: "--config", "the store in \(file.config) keeps no agents")
    }
    return (AgentService(store: store, events: host.services.events, secret: nil), host.services.agents)
}

/// Parses an agent id argument.
func agentID(_ text: String) throws -> AgentID {
    guard let id = AgentID(text) else { throw Kernel.ValidationError(field: "ID", "'\(text)' is not an agent id (vantage agents list)") }
    return id
}

/// `vantage agents list`: the agents a tenant sees (its own and the pending ones).
struct AgentsListCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a tenant's agents and the pending ones.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id.") var tenant: String
    @Flag(help: "Print the agents as JSON, as the API shows them.") var json = false

    func run(host: HostComposition) async throws {
        let (service, settings) = try await agentService(file, catalog: host.catalog)
        var agents: [Agent] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let found = try await service.list(tenant: try tenantID(tenant), page: page)
            agents += found.items
            page.cursor = found.nextCursor
        } while page.cursor != nil
        let views = agents.map { AgentView($0, offlineAfterSeconds: settings.offlineAfterSeconds) }
        if json {
            print(String(decoding: try APIEncoding.encoder.encode(views), as: UTF8.self))
            return
        }
        for view in views {
            let state = view.status == .approved ? (view.online ? "online" : "offline") : view.status.rawValue
            var line = "\(view.id)  \(view.name)  \(state)  \(view.version)  \(view.address)"
            if !view.labels.isEmpty { line += "  labels=" + view.labels.joined(separator: ",") }
            print(line)
        }
    }
}

/// `vantage agents approve ID`: approves a pending agent into the tenant.
struct AgentsApproveCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a pending agent into a tenant.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id.") var tenant: String
    @Option(help: "A label monitors can choose the agent by (repeatable).") var label: [String] = []
    @Argument(help: "The agent id (vantage agents list).") var id: String

    func run(host: HostComposition) async throws {
        let (service, _) = try await agentService(file, catalog: host.catalog)
        let agent = try await service.approve(try agentID(id), tenant: try tenantID(tenant), labels: label.isEmpty ? nil : label)
        print("approved agent \(agent.name) id \(agent.id)")
    }
}

/// `vantage agents revoke ID`: rejects a pending agent or revokes an approved one.
struct AgentsRevokeCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Reject a pending agent or revoke an approved one.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id.") var tenant: String
    @Argument(help: "The agent id (vantage agents list).") var id: String

    func run(host: HostComposition) async throws {
        let (service, _) = try await agentService(file, catalog: host.catalog)
        let agent = try await service.revoke(try agentID(id), tenant: try tenantID(tenant))
        print("revoked agent \(agent.name) id \(agent.id)")
    }
}
