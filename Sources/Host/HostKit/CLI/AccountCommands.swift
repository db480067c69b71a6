import ArgumentParser
import Foundation
import Kernel
import Logging

/// `vantage user`: accounts on a headless server.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage user accounts.",
                                                    subcommands: [UserCreateCommand.self])
}

/// `vantage apikey`: API keys on a headless server.
struct APIKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apikey", abstract: "Manage API keys.",
                                                    subcommands: [APIKeyCreateCommand.self])
}

/// Assembles the configured plugins (not the server) for an administrative command.
func assembleForAdministration(_ file: ConfigFileOption, catalog: PluginCatalog) async throws -> VantageHost {
    try await assembleForAdministration(path: file.config, catalog: catalog)
}

/// The host of the configuration at `path`, assembled (nothing started).
func assembleForAdministration(path: String, catalog: PluginCatalog) async throws -> VantageHost {
    var logger = Logger(label: "vantage.admin")
    logger.logLevel = .error
    return try await VantageHost.assemble(configuration: try ConfigurationLoader(catalog: catalog).load(path: path),
                                          catalog: catalog, logger: logger)
}

/// `vantage user create`: creates a user (with a tenant of their own); `--admin` for the
/// first administrator. The password comes from an environment variable or standard input,
/// never from the command line.
struct UserCreateCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a user with a tenant of their own.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "E-mail address.") var email: String
    @Option(help: "User name (3 to 32 letters, digits, '.', '_', '-').") var username: String
    @Option(name: .customLong("password-env"), help: "Read the password from this environment variable (default: standard input).")
    var passwordEnvironment: String?
    @Flag(help: "Make the user a server administrator.") var admin = false

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        let host = try await assembleForAdministration(file, catalog: catalog)
        guard let accounts = host.services.passwordAccounts else {
            throw Kernel.ValidationError(field: "--config", "no enabled plugin offers password accounts (enable auth.password)")
        }
        let password: String
        if let name = passwordEnvironment {
            guard let value = ProcessInfo.processInfo.environment[name] else { throw Kernel.ValidationError(field: "--password-env", "\(name) is not set") }
            password = value
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        let user = try await accounts.createAccount(email: email, username: username, password: password, admin: admin)
        let tenant = try await host.services.store.memberships.tenants(of: user.id).first?.0.id
        print("created user \(user.username) <\(user.email)> id \(user.id)\(user.isAdmin ? " (administrator)" : "")"
              + (tenant.map { ", tenant \($0)" } ?? ""))
    }
}

/// `vantage apikey create`: mints a key for a tenant and prints it once.
struct APIKeyCreateCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an API key; it is printed once.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id.") var tenant: String
    @Option(help: "A name for the key.") var name: String
    @Option(help: "Comma-separated scopes: read, write, ingest, admin.") var scopes: String
    @Option(name: .customLong("expires-in-days"), help: "Days until the key expires (default: never).") var expiresInDays: Int?

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        guard let tenantID = TenantID(tenant) else { throw Kernel.ValidationError(field: "--tenant", "'\(tenant)' is not a tenant id") }
        var parsed = Set<Scope>()
        for item in scopes.split(separator: ",") {
            guard let scope = Scope(rawValue: item.trimmingCharacters(in: .whitespaces)) else {
                throw Kernel.ValidationError(field: "--scopes", "unknown scope '\(item)'", allowedValues: Scope.allCases.map(\.rawValue))
            }
            parsed.insert(scope)
        }
        if let days = expiresInDays, !(1...3650).contains(days) { throw Kernel.ValidationError(field: "--expires-in-days", "must be 1 to 3650") }
        let host = try await assembleForAdministration(file, catalog: catalog)
        guard let issuer = host.services.apiKeyIssuer else {
            throw Kernel.ValidationError(field: "--config", "no enabled plugin issues API keys (enable auth.api_key)")
        }
        guard try await host.services.store.tenants.get(tenantID) != nil else { throw Kernel.ValidationError(field: "--tenant", "no tenant \(tenant)") }
        let issued = try await issuer.issue(tenant: tenantID, name: name, scopes: parsed,
                                            expiresAt: expiresInDays.map { Date().addingTimeInterval(Double($0) * 86_400) }, createdBy: nil)
        print(issued.secret)
        FileHandle.standardError.write(Data("created API key \(issued.key.id) (\(name)); the key above is shown only once\n".utf8))
    }
}
