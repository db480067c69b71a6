import BuiltinPlugins
import Foundation
import Kernel
import Testing

/// Every plugin folder is a complete plugin: registered in the built-in catalog, with a
/// README and a sample.json whose configuration decodes through the real registration; and
/// every built-in plugin has such a folder.
@Suite("plugin folders")
struct PluginFolderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Plugins").standardized

    /// `Probes/TCP`, `Stores/SQLite`, ...: every folder under a role folder (support code aside).
    static let folders: [String] = {
        let manager = FileManager.default
        var found: [String] = []
        for role in ((try? manager.contentsOfDirectory(atPath: root.path)) ?? []).sorted() where role != "Support" {
            for folder in ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(role).path)) ?? []).sorted() {
                found.append("\(role)/\(folder)")
            }
        }
        return found
    }()

    /// The Plugins.json entry of a sample: the file itself (`{"plugin": id, "config": ...}`), or
    /// for probes its `plugin` member (`{"plugin": {...}, "monitor": {...}}`).
    static func entry(_ sample: JSONValue) -> JSONValue {
        if case .object? = sample.objectValue?["plugin"] { return sample.objectValue?["plugin"] ?? sample }
        return sample
    }

    @Test(arguments: folders)
    func isACompletePluginRegisteredInTheCatalog(_ folder: String) throws {
        let directory = Self.root.appendingPathComponent(folder)
        let readme = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.count > 200, "\(folder)/README.md says what the plugin does, its configuration and what it needs")
        let sample = Self.entry(try JSONValue.parse(Data(contentsOf: directory.appendingPathComponent("sample.json"))))
        let id = try #require(sample.objectValue?["plugin"]?.stringValue, "\(folder)/sample.json names its plugin")
        let registration = try #require(BuiltinPlugins.registrations.first { $0.id.rawValue == id }, "\(id) is in BuiltinPlugins.swift")
        try registration.check(configuration: sample.objectValue?["config"] ?? .emptyObject, path: "\(folder)/sample.json:$.config")
        // The metrics a probe declares (exported on /metrics) are the ones its README documents.
        var names: Set<String> = []
        for metric in registration.probeMetrics {
            #expect(metric.hasValidName, "\(id) metric '\(metric.name)' is not a Prometheus name")
            #expect(names.insert(metric.name).inserted, "\(id) declares '\(metric.name)' twice")
            #expect(readme.contains("`\(metric.name)`") || readme.contains("`metrics.\(metric.name)`"), "\(folder)/README.md does not document the metric '\(metric.name)'")
            #expect(!metric.help.isEmpty && ["seconds", "ratio", "bytes", "days", "count"].contains(metric.unit))
        }
        if registration.role == .probe { #expect(!registration.probeMetrics.isEmpty, "\(id) declares the metrics it reports") }
    }

    @Test func everyBuiltinPluginHasAFolder() throws {
        var declared: Set<String> = []
        for folder in Self.folders {
            let sample = Self.entry(try JSONValue.parse(Data(contentsOf: Self.root.appendingPathComponent("\(folder)/sample.json"))))
            if let id = sample.objectValue?["plugin"]?.stringValue { declared.insert(id) }
        }
        #expect(Set(BuiltinPlugins.registrations.map(\.id.rawValue)) == declared)
        #expect(Self.folders.count == BuiltinPlugins.registrations.count)
    }
}
