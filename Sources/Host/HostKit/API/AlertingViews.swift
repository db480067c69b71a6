import Foundation
import Kernel

/// A channel as the API shows it: its settings with every secret replaced by `(sealed)`.
struct ChannelView: Encodable, Sendable {
    var id: ChannelID
    var name: String
    var type: String
    var settings: JSONValue
    var enabled: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ channel: NotificationChannelRecord, settings: JSONValue) {
        id = channel.id
        name = channel.name
        type = channel.type
        self.settings = settings
        enabled = channel.enabled
        createdAt = channel.createdAt
        updatedAt = channel.updatedAt
    }
}

/// A maintenance window with whether it is open now.
struct MaintenanceView: Encodable, Sendable {
    var window: MaintenanceWindow
    var activeNow: Bool

    func encode(to encoder: any Encoder) throws {
        try window.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(activeNow, forKey: .activeNow)
    }

    private enum Keys: String, CodingKey { case activeNow }
}

/// The answer of `POST /api/v1/notifications/channels/{id}/test`: whether the receiver took
/// the test alert, its answer, and the alert's id in the history.
struct ChannelTestView: Encodable {
    var delivered: Bool
    var status: Int?
    var detail: String?
    var duration: Double
    var alertID: UUID
}
