import Kernel
import Testing

@Suite("EventBus")
struct EventBusTests {
    @Test func everySubscriberGetsEveryEventInOrder() async {
        let bus = EventBus()
        let first = bus.subscribe(), second = bus.subscribe()
        let ids = (0..<3).map { _ in MonitorID.random() }
        for id in ids { bus.publish(Event(tenantID: .defaultTenant, MonitorCreated(monitorID: id))) }
        for stream in [first, second] {
            var received: [MonitorID] = []
            for await event in stream {
                if let id = event.payload(as: MonitorCreated.self)?.monitorID { received.append(id) }
                if received.count == 3 { break }
            }
            #expect(received == ids)
        }
    }

    @Test func aSlowSubscriberLosesItsOldestEventsNotThePublisher() async {
        let bus = EventBus()
        let stream = bus.subscribe(buffer: 2)
        for _ in 0..<5 { bus.publish(Event(tenantID: .defaultTenant, name: "x", json: .null)) }
        var count = 0
        for await _ in stream {
            count += 1
            if count == 2 { break }
        }
        #expect(count == 2)
    }

    @Test func subscribersChooseTheirTenantAndTopics() async {
        let bus = EventBus()
        let mine = TenantID.random(), theirs = TenantID.random()
        let tenantOnly = bus.subscribe(EventFilter(tenant: mine))
        let tlsAndStatus = bus.subscribe(EventFilter(topics: ["monitor.status_changed", "tls.*"]), buffer: 3)
        let monitor = MonitorID.random()
        let published: [Event] = [
            Event(tenantID: theirs, MonitorCreated(monitorID: monitor)),
            Event(tenantID: theirs, name: "dns.answer_changed", json: .null),
            Event(tenantID: mine, MonitorStatusChanged(monitorID: monitor, from: .up, to: .down, failure: nil)),
            Event(tenantID: theirs, name: "tls.certificate_expiring", json: .null),
            Event(tenantID: mine, MonitorDeleted(monitorID: monitor)),
        ]
        for event in published { bus.publish(event) }
        var mineSeen: [String] = []
        for await event in tenantOnly {
            mineSeen.append(event.name)
            if mineSeen.count == 2 { break }
        }
        #expect(mineSeen == ["monitor.status_changed", "monitor.deleted"])
        // A buffer of 3 holds exactly what the filter admits: nothing else crowded it out.
        var topicsSeen: [String] = []
        for await event in tlsAndStatus {
            topicsSeen.append(event.name)
            if topicsSeen.count == 2 { break }
        }
        #expect(topicsSeen == ["monitor.status_changed", "tls.certificate_expiring"])
        #expect(!EventFilter(topics: ["tls.*"]).admits(Event(tenantID: mine, name: "tlsx", json: .null)))
    }

    @Test func endedSubscriptionsAreRemoved() async {
        let bus = EventBus()
        let task = Task { for await _ in bus.subscribe() {} }
        #expect(await eventuallyTrue { bus.subscriberCount == 1 })
        task.cancel()
        #expect(await eventuallyTrue { bus.subscriberCount == 0 })
    }

    func eventuallyTrue(_ condition: @Sendable () -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
