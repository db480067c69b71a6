import ArgumentParser
import Foundation
import Kernel

/// `vantage tenant`: tenant settings on a headless server.
struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tenant", abstract: "Manage tenants.",
                                                    subcommands: [TenantEgressCommand.self])
}

/// `vantage tenant egress`: shows or replaces a tenant's egress policy, which every probe of
/// the tenant applies on top of the probe plugin's own `deny`/`allow`.
struct TenantEgressCommand: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "egress",
        abstract: "Show or set the networks a tenant's probes may reach.",
        discussion: """
            Without --deny, --allow or --clear, prints the policy. With them, replaces it: \
            --deny networks are refused; when any --allow is given, only those networks may be probed. \
            A server sharing the store through PostgreSQL applies the change at once; a server on \
            SQLite on its next start, or set it through PUT /api/v1/tenants/{id}/egress instead.
            """)

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id.") var tenant: String
    @Option(help: "A network to refuse (CIDR, repeatable).") var deny: [String] = []
    @Option(help: "A network to allow; with any, only these (CIDR, repeatable).") var allow: [String] = []
    @Flag(help: "Remove every restriction of the tenant.") var clear = false

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        guard let tenantID = TenantID(tenant) else { throw Kernel.ValidationError(field: "--tenant", "'\(tenant)' is not a tenant id") }
        let denied = try Self.parse(deny, "--deny"), allowed = try Self.parse(allow, "--allow")
        if clear, !(denied.isEmpty && allowed.isEmpty) {
            throw Kernel.ValidationError(field: "--clear", "cannot be combined with --deny or --allow")
        }
        let host = try await assembleForAdministration(file, catalog: catalog)
        let store = host.services.store
        guard let current = try await store.tenants.get(tenantID) else { throw Kernel.ValidationError(field: "--tenant", "no tenant \(tenant)") }
        var policy = current.egress
        if clear || !denied.isEmpty || !allowed.isEmpty {
            policy = EgressPolicy(denied: denied, allowed: allowed)
            try await store.tenants.setEgress(policy, tenant: tenantID)
            try? await (store as? any EventRelayStore)?.eventRelay.send(Event(tenantID: tenantID, TenantUpdated(), origin: "vantage tenant egress"))
        }
        print(Self.describe(policy))
    }

    private static func parse(_ list: [String], _ option: String) throws -> [NetworkPrefix] {
        try list.map { text in
            guard let network = NetworkPrefix(text) else {
                throw Kernel.ValidationError(field: option, "'\(text)' is not an address or CIDR network such as 10.0.0.0/8 or 2001:db8::/32")
            }
            return network
        }
    }

    static func describe(_ policy: EgressPolicy) -> String {
        guard !policy.isUnrestricted else { return "unrestricted (the probe plugins' own policies apply)" }
        var lines: [String] = []
        if !policy.denied.isEmpty { lines.append("denied:  " + policy.denied.map(\.description).joined(separator: ", ")) }
        if !policy.allowed.isEmpty { lines.append("allowed: " + policy.allowed.map(\.description).joined(separator: ", ") + " (only these)") }
        return lines.joined(separator: "\n")
    }
}
