import ArgumentParser
import Foundation
import Kernel
import Logging

/// `vantage store`.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Work with stores.",
                                                    subcommands: [StoreMigrateCommand.self])
}

/// `vantage store migrate --from sqlite:PATH --to postgres://…`: copies everything.
struct StoreMigrateCommand: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy every tenant, user, membership, API key, monitor and result from one store to another.",
        discussion: """
            Stop the servers using either store first. The target must be empty unless --force is \
            given, which erases it. Locations: sqlite:PATH, postgres://USER@HOST:PORT/DB, \
            postgresql://…, postgres:CONNINFO.
            """)

    @Option(name: .long, help: ArgumentHelp("The store to copy from.", valueName: "location"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The store to copy into.", valueName: "location"))
    var to: String

    @Flag(name: .long, help: "Erase a non-empty target store first.")
    var force = false

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        let source = try StoreLocation(parsing: from, field: "--from")
        let target = try StoreLocation(parsing: to, field: "--to")
        if source.plugin == "store.sqlite", case .string(let path)? = source.config.objectValue?["path"],
           !FileManager.default.fileExists(atPath: path) {
            throw Kernel.ValidationError(field: "--from", "no SQLite database at \(path)")
        }
        guard source != target else { throw Kernel.ValidationError(field: "--to", "is the same store as --from") }
        var logger = Logger(label: "vantage")
        logger.logLevel = .warning
        let sourceStore = try await open(source, field: "--from", catalog: catalog, logger: logger)
        let targetStore = try await open(target, field: "--to", catalog: catalog, logger: logger)
        let started = Date()
        let report: StoreCopier.Report
        do {
            report = try await StoreCopier(from: sourceStore, to: targetStore).copy(overwrite: force) { report in
                if report.results % 100_000 < 5000 {
                    FileHandle.standardError.write(Data("copied \(report.results) results…\n".utf8))
                }
            }
        } catch let refusal as StoreCopier.Refusal {
            throw Kernel.ValidationError(field: "--to", refusal.description)
        } catch {
            throw StoreMigrationFailure(reason: "\(error)")
        }
        print("copied \(report) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    private func open(_ location: StoreLocation, field: String, catalog: PluginCatalog, logger: Logger) async throws -> any Store {
        guard let registration = catalog.registration(for: location.plugin) else {
            throw Kernel.ValidationError(field: field, "this build has no \(location.plugin) plugin",
                                         allowedValues: catalog.registrations.filter { $0.role == .store }.map(\.id.rawValue))
        }
        let context = PluginContext(instanceName: "store", logger: logger, dataDirectory: FileManager.default.currentDirectoryPath, events: EventBus())
        do {
            guard case .store(let store) = try await registration.construct(configuration: location.config, path: field, context: context).instance else {
                throw Kernel.ValidationError(field: field, "\(location.plugin) is not a store")
            }
            return store
        } catch let error as Kernel.ValidationError {
            throw error
        } catch {
            throw Kernel.ValidationError(field: field, "\(error)")
        }
    }
}

/// A copy that failed part way.
struct StoreMigrationFailure: Error, CustomStringConvertible {
    let reason: String
    var description: String {
        "the copy failed part way: \(reason). The target holds part of the data: run the command again with --force to start over"
    }
}
