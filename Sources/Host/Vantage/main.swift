import BuiltinPlugins
import HostKit

/// The standard `vantage` build: every built-in plugin is listed in BuiltinPlugins.swift.
await VantageCLI.main(catalog: try BuiltinPlugins.catalog())
