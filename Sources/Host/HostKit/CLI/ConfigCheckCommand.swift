import ArgumentParser
import Kernel

/// `vantage config check [FILE]`: validates a configuration without starting anything.
struct ConfigCheckCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a configuration file without starting.")

    @Argument(help: "The configuration file.")
    var file: String = "Plugins.json"

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        let configuration = try ConfigurationLoader(catalog: catalog).load(path: file)
        let enabled = configuration.enabledPlugins.map { "\($0.entry.plugin)/\($0.entry.name)" }
        print("\(file): valid; enabled plugins: \(enabled.joined(separator: ", "))")
    }
}
