import ServiceLifecycle

/// A constructed plugin, by role, as the host holds it.
public enum PluginInstance: Sendable {
    /// A probe under the kind monitors name it by.
    case probe(ProbeRunner)
    /// A store.
    case store(any Store)
    /// A collector under its instance name.
    case collector(CollectorRunner)
    /// A notifier under its instance name.
    case notifier(NotifierRunner)
    /// An authenticator.
    case authenticator(any Authenticator)
    /// An enricher under its instance name.
    case enricher(EnricherRunner)
}

/// A constructed plugin with the background service it runs, if it is one.
public struct ConstructedPlugin: Sendable {
    /// The plugin by role.
    public var instance: PluginInstance
    /// The plugin as a `Service`, when it conforms: the host runs it in its service group.
    public var service: (any Service)?
    /// Releases what the plugin acquired in `init`, when it is a `ClosablePlugin`: the host
    /// calls it when assembly fails after the plugin was constructed.
    public var close: (@Sendable () async -> Void)?
}
