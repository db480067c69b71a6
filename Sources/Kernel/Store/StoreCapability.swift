/// A family of records, or a service, that a store may offer beside the core `Store`.
///
/// Each capability is a protocol of its own (`LeaseStore`, `EventRelayStore`; later
/// `SampleStore`, `AlertStore`, ...) found by conformance, so a new family of records never
/// breaks a store that does not keep it. This value describes one such protocol to the rest
/// of the framework:
/// - assembly refuses a plugin or host feature that needs a capability the configured store
///   lacks, naming both (`StoreRequirements.check`);
/// - the conformance suite in `KernelTesting` adds a capability's cases for every store type
///   that conforms to it;
/// - `vantage store migrate` copies, and erases, each capability's records through its
///   `sections`.
///
/// ```swift
/// public protocol SampleStore: Store { var samples: any SampleRepository { get } }
/// extension StoreCapability {
///     public static let samples = StoreCapability("samples") { $0 is any SampleStore.Type }
/// }
/// ```
public struct StoreCapability: Sendable, Hashable, CustomStringConvertible {
    /// The name used in messages: "collector.procfs needs a store with samples".
    public let name: String
    /// How its records are counted, copied and erased between stores; empty for a capability
    /// that keeps nothing worth copying (leases belong to the running servers).
    public let sections: [StoreSection]
    private let conforms: @Sendable (any Store.Type) -> Bool

    /// Describes a capability protocol; `conforms` tells whether a store type conforms to it
    /// (`{ $0 is any SampleStore.Type }`).
    public init(_ name: String, sections: [StoreSection] = [], conforms: @escaping @Sendable (any Store.Type) -> Bool) {
        self.name = name
        self.sections = sections
        self.conforms = conforms
    }

    /// Whether stores of `type` offer it.
    public func isOffered(by type: any Store.Type) -> Bool { conforms(type) }

    /// Whether `store` offers it.
    public func isOffered(by store: any Store) -> Bool { conforms(type(of: store)) }

    public var description: String { name }
    public static func == (lhs: StoreCapability, rhs: StoreCapability) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

extension StoreCapability {
    /// Monitor leases that divide monitors among servers sharing the store (`LeaseStore`).
    public static let leases = StoreCapability("leases") { $0 is any LeaseStore.Type }
    /// Events carried between servers sharing the store (`EventRelayStore`).
    public static let eventRelay = StoreCapability("an event relay") { $0 is any EventRelayStore.Type }

    /// Remote hosts reached over SSH (`HostStore`).
    public static let hosts = StoreCapability("hosts", sections: [.hosts]) { $0 is any HostStore.Type }

    /// Trace runs from several origins (`TraceStore`).
    public static let traces = StoreCapability("traces", sections: [.traces]) { $0 is any TraceStore.Type }

    /// Every capability the Kernel defines, in the order their records are copied.
    public static let all: [StoreCapability] = [.leases, .eventRelay, .hosts, .traces, .samples, .alerts, .agents, .ingest, .push, .logs, .dashboard, .statusPages]

    /// The capabilities `store` offers.
    public static func offered(by store: any Store) -> [StoreCapability] { all.filter { $0.isOffered(by: store) } }
}
