import Foundation
import Kernel
import Testing

/// Event kinds are open: a feature declares its payload and publishes it, with no shared enum
/// to edit; the kind survives the JSON the relay and the live stream carry.
struct EventKindTests {
    /// What a feature outside the Kernel would declare.
    struct HostWentSilent: EventPayload, Hashable {
        static let eventName = "hosts.silent"
        var host: String
        var silentSince: Date
    }

    @Test func aFeatureDeclaresAKindAndSubscribersReadItBack() throws {
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        let event = Event(tenantID: .defaultTenant, HostWentSilent(host: "db-1", silentSince: since))
        #expect(event.name == "hosts.silent")
        #expect(event.payload(as: HostWentSilent.self) == HostWentSilent(host: "db-1", silentSince: since))
        #expect(event.payload(as: MonitorCreated.self) == nil, "another kind reads as nil")
        #expect(EventFilter(topics: ["hosts.*"]).admits(event))

        let relayed = try JSONDecoder().decode(Event.self, from: JSONEncoder().encode(event))
        #expect(relayed == event)
        #expect(relayed.payload(as: HostWentSilent.self) == HostWentSilent(host: "db-1", silentSince: since), "decoded from JSON on demand")
        #expect(relayed.json["host"] == .string("db-1"))
    }

    @Test func theWireFormIsNameAndPayload() throws {
        let monitor = MonitorID.random()
        let event = Event(tenantID: .defaultTenant, MonitorStatusChanged(monitorID: monitor, from: .up, to: .down, failure: nil))
        let wire = try JSONValue(encoding: event)
        #expect(wire["name"] == .string("monitor.status_changed"))
        #expect(wire["payload"]?["to"] == .string("down"))
        #expect(wire["payload"]?["monitorID"] == .string("\(monitor)"))
        let unknown = try JSONDecoder().decode(Event.self, from: Data(#"{"id":"\#(UUID())","tenantID":"\#(TenantID.defaultTenant)","occurredAt":0,"name":"later.feature","payload":{"x":1}}"#.utf8))
        #expect(unknown.name == "later.feature", "a kind this build does not know still passes through")
        #expect(unknown.json["x"] == .number(1))
    }
}
