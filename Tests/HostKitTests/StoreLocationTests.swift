import Foundation
import HostKit
import Kernel
import Testing

@Suite("--store locations")
struct StoreLocationTests {
    @Test func parsesEachFormIntoItsPluginAndSettings() throws {
        #expect(try StoreLocation(parsing: "sqlite:data/v.sqlite", field: "--store")
            == StoreLocation(plugin: "store.sqlite", config: .object(["path": .string("data/v.sqlite")])))
        #expect(try StoreLocation(parsing: "postgres://u@db/v", field: "--store").config == .object(["url": .string("postgres://u@db/v")]))
        #expect(try StoreLocation(parsing: "postgresql://u@db/v", field: "--store").plugin == "store.postgres")
        #expect(try StoreLocation(parsing: "postgres:host=db dbname=v", field: "--store").config == .object(["url": .string("host=db dbname=v")]))
    }

    @Test func refusesOtherFormsNamingTheOptionAndTheForms() {
        for text in ["mysql://x", "sqlite:", "data/v.sqlite", ""] {
            do {
                _ = try StoreLocation(parsing: text, field: "--from")
                Issue.record("accepted \(text)")
            } catch let error as Kernel.ValidationError {
                #expect(error.issues.first?.field == "--from")
                if text != "sqlite:" { #expect(error.issues.first?.allowedValues == StoreLocation.forms) }
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func replacesTheConfiguredStoreKeepingItsOtherSettings() throws {
        let configuration = try ConfigurationLoader(catalog: TestHost.catalog, environment: [:]).load(data: Data("""
            {"plugins":[{"plugin":"store.sqlite","config":{"path":"old.sqlite","busyTimeoutMilliseconds":900}},{"plugin":"auth.jwt"}]}
            """.utf8))
        let applied = try StoreLocation(parsing: "sqlite:new.sqlite", field: "--store").applied(to: configuration, catalog: TestHost.catalog)
        let stores = applied.enabledPlugins.filter { $0.entry.plugin.hasPrefix("store.") }
        #expect(stores.count == 1)
        #expect(stores.first?.entry.config == .object(["path": .string("new.sqlite"), "busyTimeoutMilliseconds": .number(900)]))
        let moved = try StoreLocation(parsing: "postgres://db/v", field: "--store").applied(to: configuration, catalog: TestHost.catalog)
        #expect(moved.enabledPlugins.filter { $0.entry.plugin.hasPrefix("store.") }.map(\.entry.plugin) == ["store.postgres"])
        // A host built without store.postgres refuses a postgres location, naming the stores it has.
        let sqliteOnly = try PluginCatalog(TestHost.catalog.registrations.filter { $0.id.rawValue != "store.postgres" })
        #expect(throws: Kernel.ValidationError.self) {
            try StoreLocation(parsing: "postgres://db/v", field: "--store").applied(to: configuration, catalog: sqliteOnly)
        }
    }
}
