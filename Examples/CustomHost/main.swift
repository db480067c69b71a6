import AuthAPIKey
import HostKit
import Kernel
import ProbeTCP
import StoreSQLite

/// A custom Vantage build: the SQLite store, the TCP probe, API keys for authentication, and
/// a probe of its own (`probe.resolve`, in ResolveProbe.swift). Nothing else is compiled in.
await VantageCLI.main(catalog: try PluginCatalog([
    .store(SQLiteStore.self),
    .probe(TCPProbe.self),
    .probe(ResolveProbe.self),
    .authenticator(APIKeyAuthenticator.self),
]))
