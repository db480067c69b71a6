import AuthAPIKey
import AuthJWT
import AuthPassword
import CollectorProcfs
import CollectorSSH
import EnricherGeoIP
import Kernel
import NotifierDiscord
import NotifierEmail
import NotifierNtfy
import NotifierSlack
import NotifierWebhook
import ProbeDNS
import ProbeHTTP
import ProbeICMP
import ProbeMTR
import ProbeMTRSSH
import ProbePush
import ProbeTraceroute
import ProbeTCP
import ProbeTLS
import ProbeWHOIS
import StorePostgres
import StoreSQLite

/// The plugins compiled into the standard `vantage` executable. Adding a plugin to the
/// standard build is one line here and one `builtinPlugin(...)` line in Package.swift. Tests
/// derive their plugin lists from this one.
public enum BuiltinPlugins {
    /// Every built-in plugin, in the order `vantage plugins` and assembly see them.
    public static let registrations: [PluginRegistration] = [
        .store(SQLiteStore.self),
        .store(PostgresStore.self),
        .probe(TCPProbe.self),
        .probe(ICMPProbe.self),
        .probe(TracerouteProbe.self),
        .probe(MTRProbe.self),
        .probe(MTRSSHProbe.self),
        .probe(DNSProbe.self),
        .probe(WHOISProbe.self),
        .probe(HTTPProbe.self),
        .probe(TLSProbe.self),
        .probe(PushProbe.self),
        .collector(ProcfsCollector.self),
        .collector(SSHCollector.self),
        .notifier(WebhookNotifier.self),
        .notifier(EmailNotifier.self),
        .notifier(SlackNotifier.self),
        .notifier(DiscordNotifier.self),
        .notifier(NtfyNotifier.self),
        .enricher(GeoIPEnricher.self),
        .authenticator(PasswordAuthenticator.self),
        .authenticator(JWTAuthenticator.self),
        .authenticator(APIKeyAuthenticator.self),
    ]

    /// The catalog of every built-in plugin.
    public static func catalog() throws -> PluginCatalog { try PluginCatalog(registrations) }
}
