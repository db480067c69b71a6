import Foundation
import Logging

/// Settings of a plugin instance, decoded strictly from `Plugins.json`: an unknown key is an
/// error ("a typo, or an option that does not exist"), and so is a value of the wrong type.
/// Give optional settings a default with `decodeIfPresent`, or make them optional.
public protocol PluginConfiguration: Codable, Sendable {}

/// The configuration of a plugin that takes no settings.
public struct EmptyConfiguration: PluginConfiguration, Hashable {
    /// Creates the empty configuration.
    public init() {}

    public init(from decoder: any Decoder) throws {
        // Opening the object lets the strict decoder refuse any key in it as unknown.
        _ = try decoder.container(keyedBy: NoKeys.self)
    }
}

/// What the host gives every plugin instance when it constructs it.
public struct PluginContext: Sendable {
    /// The instance name from `Plugins.json` (defaults to the plugin id's name).
    public var instanceName: String
    /// A logger labelled with the instance.
    public var logger: Logger
    /// Directory for the plugin's files (the SQLite database lives here).
    public var dataDirectory: String
    /// The process-wide event bus.
    public var events: EventBus
    /// Tenants, users, memberships and API keys, for plugins constructed after the store
    /// (every plugin but the store itself); nil for the store and for one-shot probes. No
    /// plugin gets the whole store: a role that needs other records gets them by name here.
    public var identity: IdentityRecords?
    /// Remote hosts reached over SSH, with their credentials, for plugins constructed after a
    /// store with the `.hosts` capability; nil otherwise (and for one-shot probes).
    public var hosts: RemoteHostDirectory?
    /// Push monitors' tokens and heartbeats, for plugins constructed after a store with the
    /// `.push` capability (`probe.push`); nil otherwise (and for one-shot probes).
    public var pushes: (any PushRepository)?
    /// The environment, for secrets named in configuration (`VANTAGE_JWT_SECRET`).
    public var environment: [String: String]

    /// Creates a context.
    public init(instanceName: String, logger: Logger, dataDirectory: String, events: EventBus,
                identity: IdentityRecords? = nil, hosts: RemoteHostDirectory? = nil, pushes: (any PushRepository)? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.pushes = pushes
        self.instanceName = instanceName
        self.logger = logger
        self.dataDirectory = dataDirectory
        self.events = events
        self.identity = identity
        self.hosts = hosts
        self.environment = environment
    }
}

/// Every plugin: a namespaced id, a one-line summary, a strict configuration and an
/// initialiser.
///
/// Lifecycle contract: the host decodes and validates `Configuration` (no side effects), then
/// calls `init(configuration:context:)`, which may open files or sockets and throws if it
/// cannot. A plugin that runs in the background (owns sockets, pools, spoolers) also conforms
/// to `Service` from swift-service-lifecycle; the host runs it in its service group, starting
/// stores first and stopping them last, and cancels `run()` on shutdown. Several instances of
/// one plugin can run side by side: keep no global mutable state.
public protocol Plugin: Sendable {
    /// The plugin's settings from `Plugins.json`.
    associatedtype Configuration: PluginConfiguration = EmptyConfiguration
    /// The namespaced id: `probe.tcp`.
    static var id: PluginID { get }
    /// One line saying what it does, shown by `vantage plugins`.
    static var summary: String { get }
    /// Store capabilities the plugin needs beside the core `Store` (a collector needs
    /// `.samples`); the host refuses to start it with a store that lacks one. Default none.
    static var requiredStoreCapabilities: [StoreCapability] { get }
    /// Constructs an instance; throws when it cannot start (file not writable, key missing).
    init(configuration: Configuration, context: PluginContext) async throws
}

extension Plugin {
    public static var requiredStoreCapabilities: [StoreCapability] { [] }
}
