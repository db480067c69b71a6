import Foundation
import Kernel

/// The built-in plugins as the source tree declares them: every folder under
/// `Sources/Plugins/<Role>/` with a `sample.json`, whose `plugin` member is the plugin's id.
/// Tests derive their plugin lists from it, so adding a plugin changes no test.
enum PluginFolders {
    /// Plugin ids by folder, e.g. `Probes/TCP` → `probe.tcp`.
    static let byFolder: [String: String] = {
        let root = Executables.packageRoot.appendingPathComponent("Sources/Plugins")
        var found: [String: String] = [:]
        let manager = FileManager.default
        for role in (try? manager.contentsOfDirectory(atPath: root.path)) ?? [] where role != "Support" {
            for folder in (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(role).path)) ?? [] {
                let sample = root.appendingPathComponent("\(role)/\(folder)/sample.json")
                guard let data = try? Data(contentsOf: sample), let plugin = (try? JSONValue.parse(data))?.objectValue?["plugin"] else { continue }
                // Probes' samples hold a Plugins.json entry and a monitor; the others are the entry.
                guard let id = plugin.stringValue ?? plugin.objectValue?["plugin"]?.stringValue else { continue }
                found["\(role)/\(folder)"] = id
            }
        }
        return found
    }()

    /// Every built-in plugin id, sorted.
    static var ids: [String] { byFolder.values.sorted() }

    /// The ids with a prefix (`store.`), sorted.
    static func ids(_ prefix: String) -> [String] { ids.filter { $0.hasPrefix(prefix) } }
}
