import Foundation
import Kernel
import KernelTesting
import Testing

/// One options mechanism for every kind of record: a notifier's channel settings and a
/// collector's source options get strict decoding, the plugin's validation, sealed secrets
/// and errors naming the field, with no code of their own (unit tests of the mechanism; the
/// notifiers and collectors themselves are tested against real servers).
@Suite("options schemas")
struct OptionsSchemaTests {
    struct WebhookSettings: Codable, Sendable {
        enum Format: String, Codable, Sendable, CaseIterable { case json, form }
        var url: String
        var secret: String?
        var format: Format?
    }

    /// A notifier that records what it was asked to deliver.
    final class RecordingNotifier: Notifier, @unchecked Sendable {
        typealias ChannelOptions = WebhookSettings
        static let id = PluginID("notifier.recording")!
        static let summary = "records deliveries"
        static let channelSecretPaths = ["secret"]
        private let lock = NSLock()
        private var sent: [(String, WebhookSettings)] = []

        init(configuration: EmptyConfiguration = .init(), context: PluginContext) async throws {}
        init() {}

        func validate(channel: WebhookSettings) throws {
            guard channel.url.hasPrefix("https://") else { throw ValidationError(field: "url", "must be an https:// URL") }
        }

        func send(_ alert: Alert, via channel: NotificationChannel<WebhookSettings>) async throws -> DeliveryReceipt {
            lock.withLock { sent.append((channel.name, channel.options)) }
            return DeliveryReceipt(status: 200)
        }

        var deliveries: [(String, WebhookSettings)] { lock.withLock { sent } }
    }

    let alert = Alert(tenantID: .defaultTenant, title: "down", message: "it is down", severity: .critical,
                      event: Event(tenantID: .defaultTenant, name: "test.down", json: .emptyObject))

    @Test(arguments: [
        (#"{"url":"https://h/x","colour":"red"}"#, "settings.colour", nil),
        (#"{"url":7}"#, "settings.url", nil),
        (#"{"url":"https://h/x","format":"xml"}"#, "settings.format", ["json", "form"]),
        (#"{"url":"http://h/x"}"#, "settings.url", nil),
        (#"{}"#, "settings.url", nil),
    ] as [(String, String, [String]?)])
    func badSettingsNameTheirField(_ json: String, _ field: String, _ allowed: [String]?) throws {
        let runner = NotifierRunner(RecordingNotifier(), name: "hooks")
        let error = try #require(throws: ValidationError.self) { try runner.settings.validate(try JSONValue.parse(Data(json.utf8))) }
        #expect(error.issues.first?.field == field, "\(error)")
        if let allowed { #expect(error.issues.first?.allowedValues == allowed) }
    }

    @Test func secretsAreSealedRedactedAndOpenedOnlyForTheDelivery() async throws {
        let notifier = RecordingNotifier()
        let runner = NotifierRunner(notifier, name: "hooks")
        let sealer = SealedSecretsTests.ReversingSealer()
        let given: JSONValue = .object(["url": .string("https://h/x"), "secret": .string("s3cret")])
        try runner.settings.validate(given)
        let stored = try runner.settings.seal(given, sealer: sealer, previous: nil)
        #expect(stored["secret"]?.stringValue.map(SealedSecrets.isSealed) == true)
        #expect(!String(decoding: try JSONEncoder().encode(stored), as: UTF8.self).contains("s3cret"))
        #expect(runner.settings.redact(stored)["secret"]?.stringValue == SealedSecrets.placeholder)
        // The placeholder sent back keeps the stored secret; with nothing stored it is refused on its field.
        let kept = try runner.settings.seal(runner.settings.redact(stored), sealer: sealer, previous: stored)
        #expect(kept == stored)
        let orphan = try #require(throws: ValidationError.self) {
            try runner.settings.seal(.object(["url": .string("https://h/x"), "secret": .string(SealedSecrets.placeholder)]),
                                     sealer: sealer, previous: nil)
        }
        #expect(orphan.issues.first?.field == "settings.secret")
        #expect(try await runner.send(alert, channel: "ops", settings: stored, sealer: sealer).status == 200)
        #expect(notifier.deliveries.map(\.0) == ["ops"])
        #expect(notifier.deliveries.first?.1.secret == "s3cret")
        // Settings sealed under another key are refused on their field, and nothing is sent.
        let otherKey = try await #require(throws: ValidationError.self) {
            try await runner.send(alert, channel: "ops", settings: stored, sealer: SealedSecretsTests.ReversingSealer(key: "k2"))
        }
        #expect(otherKey.issues.first?.field == "settings.secret")
        #expect(notifier.deliveries.count == 1)
    }

    struct ProcSource: Codable, Sendable {
        var interface: String?
    }

    struct ProcCollector: Collector {
        typealias SourceOptions = ProcSource
        static let id = PluginID("collector.fake")!
        static let summary = "one sample per source"
        init(configuration: EmptyConfiguration = .init(), context: PluginContext) async throws {}
        init() {}
        func validate(source options: ProcSource) throws {
            if options.interface == "" { throw ValidationError(field: "interface", "must not be empty") }
        }
        func collect(from source: CollectorSource<ProcSource>) async throws -> CollectorReading {
            CollectorReading(samples: [Sample(name: "up", labels: ["source": source.address, "interface": source.options.interface ?? "all"], value: 1)])
        }
    }

    @Test func collectorSourcesUseTheSameMechanism() async throws {
        let runner = CollectorRunner(ProcCollector(), name: "procfs")
        let empty = try #require(throws: ValidationError.self) { try runner.options.validate(.object(["interface": .string("")])) }
        #expect(empty.issues.first?.field == "options.interface")
        let typo = try #require(throws: ValidationError.self) { try runner.options.validate(.object(["iface": .string("eth0")])) }
        #expect(typo.issues.first?.field == "options.iface")
        let samples = try await runner.collect(tenant: .defaultTenant, address: "local", options: .object(["interface": .string("eth0")]), sealer: nil).samples
        #expect(samples.map { $0.labels["interface"] } == ["eth0"])
    }

    @Test func probeOptionsAreTheSameMechanism() throws {
        let runner = ProbeRunner(ScriptedProbe { _, _ in ProbeResult(status: .up, latency: 0) }, kind: "scripted")
        #expect(runner.options.field == "config")
        let typo = try #require(throws: ValidationError.self) { try runner.options.validate(.object(["colour": .string("red")])) }
        #expect(typo.issues.first?.field == "config.colour")
    }
}
