import ArgumentParser
import Foundation
import Kernel
import Synchronization

/// The entry point of a Vantage host executable. A custom host calls this with its own
/// plugin list and, optionally, its own feature list:
///
/// ```swift
/// let catalog = try PluginCatalog([.store(SQLiteStore.self), .probe(TCPProbe.self)])
/// await VantageCLI.main(catalog: catalog, features: [MonitorsFeature(), IdentityFeature()])
/// ```
public enum VantageCLI {
    /// Parses the command line and runs the command with `catalog` and `features` (default
    /// `HostFeatures.standard`); exits the process.
    public static func main(catalog: PluginCatalog, features: [any HostFeature] = HostFeatures.standard,
                            arguments: [String]? = nil) async -> Never {
        FeatureCommands.install(features.flatMap(\.commands))
        do {
            var command = try VantageCommand.parseAsRoot(arguments)
            if let hostCommand = command as? any HostCommand {
                try await hostCommand.run(host: HostComposition(catalog: catalog, features: features))
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

/// What a host is made of: its compiled-in plugins and its features.
public struct HostComposition: Sendable {
    /// The plugins compiled in.
    public let catalog: PluginCatalog
    /// The host features it serves.
    public let features: [any HostFeature]

    /// Creates a composition.
    public init(catalog: PluginCatalog, features: [any HostFeature] = HostFeatures.standard) {
        self.catalog = catalog
        self.features = features
    }
}

/// A command that needs the host's plugins and features; `VantageCLI.main` runs it.
public protocol HostCommand: ParsableCommand {
    /// Runs the command.
    func run(host: HostComposition) async throws
}

/// The commands the host's features add, installed by `VantageCLI.main` before parsing.
enum FeatureCommands {
    private static let installed = Mutex<[any ParsableCommand.Type]>([])
    static func install(_ commands: [any ParsableCommand.Type]) { installed.withLock { $0 = commands } }
    static var commands: [any ParsableCommand.Type] { installed.withLock { $0 } }
}

extension HostCommand {
    /// Unused: `VantageCLI.main` calls `run(host:)`.
    public func run() throws {
        throw CleanExit.message("run this command through VantageCLI.main")
    }
}

/// `vantage`: the root command.
struct VantageCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "vantage",
            abstract: "Network monitoring and diagnostics: probes, monitors, stores and an HTTP API.",
            subcommands: [ServeCommand.self, PluginsCommand.self, ConfigCommand.self, ProbeCommand.self, CollectCommand.self, StoreCommand.self] + FeatureCommands.commands)
    }
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
