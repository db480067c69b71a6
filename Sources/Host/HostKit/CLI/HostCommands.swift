import ArgumentParser
import Foundation
import Kernel

/// `vantage hosts`: SSH hosts on a headless server, as `/api/v1/hosts` manages them.
struct HostsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hosts", abstract: "Manage the SSH hosts traces run from.",
                                                    subcommands: [HostsAddCommand.self, HostsListCommand.self, HostsTestCommand.self])
}

/// The host service over the store `Plugins.json` names.
func hostService(_ file: ConfigFileOption, catalog: PluginCatalog) async throws -> HostService {
    let services = try await assembleForAdministration(file, catalog: catalog).services
    guard let store = services.store as? any HostStore else {
        throw Kernel.ValidationError(field: "--config", "the store in \(file.config) keeps no SSH hosts")
    }
    return HostService(store: store, sealer: services.probes.sealer, keyDirectory: services.sshKeyDirectory, events: services.events)
}

/// Reads a tenant id option.
func tenantID(_ text: String) throws -> TenantID {
    guard let id = TenantID(text) else { throw Kernel.ValidationError(field: "--tenant", "'\(text)' is not a tenant id") }
    return id
}

/// `vantage hosts add`: adds a host, checked and sealed as the API does. Secrets never come
/// from the command line: a password from an environment variable or standard input, a key
/// from a file.
struct HostsAddCommand: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an SSH host.",
        discussion: """
            Authenticate with a password (--password-env NAME, or one line on standard input), a private key \
            file on this machine (--key PATH; its text is stored sealed), or a key file inside the server's \
            sshKeyDirectory (--key-file NAME). The first connection pins the host key unless --host-key gives it.
            """)

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id.") var tenant: String
    @Option(help: "A name for people, unique in the tenant.") var name: String
    @Option(help: "Host name or IP address.") var address: String
    @Option(help: "SSH port.") var port = 22
    @Option(help: "The remote account.") var user: String
    @Option(name: .customLong("password-env"), help: "Read the password from this environment variable.") var passwordEnvironment: String?
    @Option(name: .customLong("key"), help: "A private key file (ed25519 or ECDSA) on this machine.") var keyPath: String?
    @Option(name: .customLong("key-file"), help: "A key file inside the server's sshKeyDirectory.") var serverKeyFile: String?
    @Option(name: .customLong("passphrase-env"), help: "Read the key's passphrase from this environment variable.") var passphraseEnvironment: String?
    @Option(help: "Where the host is (Frankfurt, eu-west-1).") var location: String?
    @Option(help: "A label (repeatable).") var tag: [String] = []
    @Option(name: .customLong("host-key"), help: "The host key's SHA256 fingerprint, to pin it up front.") var hostKey: String?

    func run(host: HostComposition) async throws {
        let tenant = try tenantID(self.tenant)
        var credentials: [String: JSONValue] = [:]
        if let keyPath {
            guard let text = try? String(contentsOfFile: keyPath, encoding: .utf8) else {
                throw Kernel.ValidationError(field: "--key", "cannot read '\(keyPath)'")
            }
            credentials["privateKey"] = .string(text)
        } else if let serverKeyFile {
            credentials["privateKeyFile"] = .string(serverKeyFile)
        } else {
            credentials["password"] = .string(try Self.secret(passwordEnvironment, option: "--password-env") ?? readLine(strippingNewline: true) ?? "")
        }
        if let passphrase = try Self.secret(passphraseEnvironment, option: "--passphrase-env") { credentials["passphrase"] = .string(passphrase) }
        var input = HostInput(name: name, address: address, port: port, username: user, credentials: .object(credentials))
        input.hostKey = hostKey
        input.location = location
        input.tags = tag
        let created = try await hostService(file, catalog: host.catalog).create(input, tenant: tenant)
        print("added host \(created.name) id \(created.id) (\(created.username)@\(created.address):\(created.port))")
    }

    private static func secret(_ variable: String?, option: String) throws -> String? {
        guard let variable else { return nil }
        guard let value = ProcessInfo.processInfo.environment[variable] else { throw Kernel.ValidationError(field: option, "\(variable) is not set") }
        return value
    }
}

/// `vantage hosts list`: the tenant's hosts, one per line (or as the API's JSON).
struct HostsListCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a tenant's SSH hosts.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id.") var tenant: String
    @Flag(help: "Print the hosts as JSON, as the API shows them.") var json = false

    func run(host: HostComposition) async throws {
        let service = try await hostService(file, catalog: host.catalog)
        var hosts: [RemoteHost] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let found = try await service.store.hosts.list(tenant: try tenantID(tenant), page: page)
            hosts += found.items
            page.cursor = found.nextCursor
        } while page.cursor != nil
        if json {
            print(String(decoding: try APIEncoding.encoder.encode(hosts.map(HostView.init)), as: UTF8.self))
            return
        }
        for item in hosts {
            var line = "\(item.id)  \(item.name)  \(item.username)@\(item.address):\(item.port)"
            if let location = item.location { line += "  \(location)" }
            line += "  " + (item.hostKey ?? "(key not pinned yet)")
            if item.paused { line += "  paused" }
            print(line)
        }
    }
}

/// `vantage hosts test ID`: connects, logs in, asks for `mtr --version`, pins the key on
/// first use. Exits 2 when the host cannot be used.
struct HostsTestCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Test an SSH host: reachability, login, host key, mtr.")

    @OptionGroup var file: ConfigFileOption
    @Option(help: "The tenant id.") var tenant: String
    @Argument(help: "The host id (vantage hosts list).") var id: String

    func run(host: HostComposition) async throws {
        let service = try await hostService(file, catalog: host.catalog)
        guard let hostID = RemoteHostID(id), let record = try await service.get(hostID, tenant: try tenantID(tenant)) else {
            throw Kernel.ValidationError(field: "ID", "no host \(id) in tenant \(tenant)")
        }
        let report = try await service.test(record)
        print("reachable:     \(report.reachable ? "yes" : "no")")
        print("authenticated: \(report.authenticated ? "yes" : "no")")
        if let key = report.hostKey { print("host key:      \(key.fingerprint) (\(key.algorithm))\(report.hostKeyRecorded ? ", pinned now" : "")") }
        if let installed = report.mtrInstalled { print("mtr:           \(installed ? report.mtrVersion ?? "installed" : "not on the PATH")") }
        if let error = report.error { print("error:         \(error.code): \(error.message)") }
        if report.error != nil || report.mtrInstalled != true { throw ExitCode(2) }
    }
}
