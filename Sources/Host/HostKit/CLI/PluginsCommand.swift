import ArgumentParser
import Foundation
import Kernel

/// `vantage plugins`: the compiled-in plugins and which are enabled.
struct PluginsCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "plugins", abstract: "List compiled-in plugins and which are enabled.")

    @OptionGroup var file: ConfigFileOption

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "Also list each probe's own `vantage probe` flags.")
    var flags = false

    struct Listing: Encodable {
        var id: String
        var role: String
        var summary: String
        var enabled: Bool
        var instances: [String]
    }

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        var instances: [String: [String]] = [:]
        if FileManager.default.fileExists(atPath: file.config) {
            let configuration = try ConfigurationLoader(catalog: catalog).load(path: file.config)
            for (_, entry) in configuration.enabledPlugins { instances[entry.plugin, default: []].append(entry.name) }
        }
        let listings = catalog.registrations.map {
            Listing(id: $0.id.rawValue, role: $0.role.rawValue, summary: $0.summary,
                    enabled: instances[$0.id.rawValue] != nil, instances: instances[$0.id.rawValue] ?? [])
        }
        if json {
            print(String(decoding: try APIEncoding.encoder.encode(listings), as: UTF8.self))
            return
        }
        let width = max(listings.map(\.id.count).max() ?? 0, 2)
        print("ID".padding(toLength: width, withPad: " ", startingAt: 0) + "  ENABLED  SUMMARY")
        for listing in listings {
            let enabled = listing.enabled ? "yes" : "no"
            print(listing.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                  + enabled.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + listing.summary)
            guard flags, let reporting = catalog.registration(for: listing.id)?.reporting else { continue }
            if let argument = reporting.argument { print("    \(argument.name)  \(argument.help)") }
            for flag in reporting.flags {
                let names = (flag.short.map { "-\($0), " } ?? "") + "--\(flag.name)" + (flag.takesValue ? " VALUE" : "")
                print("    \(names)  \(flag.help)")
            }
        }
    }
}
