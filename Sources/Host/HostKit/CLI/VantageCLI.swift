import ArgumentParser
import Foundation
import Kernel

/// The entry point of a Vantage host executable. A custom host calls this with its own
/// plugin list:
///
/// ```swift
/// let catalog = try PluginCatalog([.store(SQLiteStore.self), .probe(TCPProbe.self)])
/// await VantageCLI.main(catalog: catalog)
/// ```
public enum VantageCLI {
    /// Parses the command line and runs the command with `catalog`; exits the process.
    public static func main(catalog: PluginCatalog, arguments: [String]? = nil) async -> Never {
        do {
            var command = try VantageCommand.parseAsRoot(arguments)
            if let hostCommand = command as? any HostCommand {
                try await hostCommand.run(catalog: catalog)
            } else if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            VantageCommand.exit()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            VantageCommand.exit(withError: ExitCode(78))
        } catch let error as Kernel.ValidationError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            VantageCommand.exit(withError: ExitCode(64))
        } catch {
            VantageCommand.exit(withError: error)
        }
    }
}

/// A command that needs the host's plugin catalog.
protocol HostCommand: ParsableCommand {
    func run(catalog: PluginCatalog) async throws
}

extension HostCommand {
    /// Unused: `VantageCLI.main` calls `run(catalog:)`.
    public func run() throws {
        throw CleanExit.message("run this command through VantageCLI.main")
    }
}

/// `vantage`: the root command.
struct VantageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vantage",
        abstract: "Network monitoring and diagnostics: probes, monitors, stores and an HTTP API.",
        subcommands: [ServeCommand.self, PluginsCommand.self, ConfigCommand.self, ProbeCommand.self, UserCommand.self, APIKeyCommand.self,
                      TenantCommand.self, StoreCommand.self])
}

/// `vantage config`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Work with Plugins.json.",
                                                    subcommands: [ConfigCheckCommand.self])
}

/// Options shared by commands that read Plugins.json.
struct ConfigFileOption: ParsableArguments {
    @Option(name: .long, help: "The configuration file.")
    var config: String = "Plugins.json"
}
