/// A store that several servers can share: it divides monitors among them with leases that
/// live in the database. The scheduler uses them when the store conforms.
public protocol LeaseStore: Store {
    /// The monitor leases.
    var leases: any LeaseRepository { get }
}

/// A store that carries events between the servers sharing it (PostgreSQL's LISTEN/NOTIFY).
/// The host relays the bus through it when the store conforms.
public protocol EventRelayStore: Store {
    /// The relay.
    var eventRelay: any EventRelay { get }
}
