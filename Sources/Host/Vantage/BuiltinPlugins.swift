import AuthAPIKey
import AuthJWT
import AuthPassword
import Kernel
import ProbeDNS
import ProbeHTTP
import ProbeICMP
import ProbeMTR
import ProbeTraceroute
import ProbeTCP
import ProbeTLS
import ProbeWHOIS
import StorePostgres
import StoreSQLite

/// The plugins compiled into the standard `vantage` executable. Adding a plugin to the
/// standard build is one line here (and the target in Package.swift).
enum BuiltinPlugins {
    static func catalog() throws -> PluginCatalog {
        try PluginCatalog([
            .store(SQLiteStore.self),
            .store(PostgresStore.self),
            .probe(TCPProbe.self),
            .probe(ICMPProbe.self),
            .probe(TracerouteProbe.self),
            .probe(MTRProbe.self),
            .probe(DNSProbe.self),
            .probe(WHOISProbe.self),
            .probe(HTTPProbe.self),
            .probe(TLSProbe.self),
            .authenticator(PasswordAuthenticator.self),
            .authenticator(JWTAuthenticator.self),
            .authenticator(APIKeyAuthenticator.self),
        ])
    }
}
