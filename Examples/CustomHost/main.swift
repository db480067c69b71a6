import AuthAPIKey
import HostKit
import Kernel
import ProbeTCP
import StoreSQLite

/// A custom Vantage build: the SQLite store, the TCP probe, API keys for authentication, and
/// a probe of its own (`probe.resolve`, in ResolveProbe.swift). Nothing else is compiled in.
/// It serves monitors and identity, and leaves out the one-shot probe API
/// (`ProbesFeature`): `/api/v1/probes` answers 404 here.
await VantageCLI.main(catalog: try PluginCatalog([
    .store(SQLiteStore.self),
    .probe(TCPProbe.self),
    .probe(ResolveProbe.self),
    .authenticator(APIKeyAuthenticator.self),
]), features: [MonitorsFeature(), IdentityFeature()])
