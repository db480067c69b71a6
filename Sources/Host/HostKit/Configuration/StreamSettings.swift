import Foundation
import Kernel

/// The `stream` section of `Plugins.json`: the live WebSocket stream (`GET /api/v1/ws`).
///
/// ```json
/// "stream": {"connectionsBootstrapLimit": 500, "statsEmitIntervalSeconds": 30, "clientQueueFrames": 1024, "maxClients": 10000}
/// ```
public struct StreamSettings: Codable, Sendable, Hashable {
    /// The most records a client may ask for when it subscribes (`bootstrap`). Default 500
    /// (0 to 10,000; seed 001's CONNECTIONS_BOOTSTRAP_LIMIT).
    public var connectionsBootstrapLimit: Int
    /// Seconds between the statistics each client receives. Default 30 (1 to 3600; seed 001's
    /// STATS_EMIT_INTERVAL).
    public var statsEmitIntervalSeconds: Double
    /// Frames waiting for one client at most; a client that falls further behind is dropped
    /// with close code 4008. Default 1024 (16 to 100,000).
    public var clientQueueFrames: Int
    /// Clients connected at once; past them a new one is refused with close code 4503.
    /// Default 10,000 (1 to 100,000).
    public var maxClients: Int

    /// Creates settings with the documented defaults.
    public init(connectionsBootstrapLimit: Int = 500, statsEmitIntervalSeconds: Double = 30, clientQueueFrames: Int = 1024, maxClients: Int = 10_000) {
        self.connectionsBootstrapLimit = connectionsBootstrapLimit
        self.statsEmitIntervalSeconds = statsEmitIntervalSeconds
        self.clientQueueFrames = clientQueueFrames
        self.maxClients = maxClients
    }

    public init(from decoder: any Decoder) throws {
        let defaults = StreamSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        connectionsBootstrapLimit = try container.decodeIfPresent(Int.self, forKey: .connectionsBootstrapLimit) ?? defaults.connectionsBootstrapLimit
        statsEmitIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .statsEmitIntervalSeconds) ?? defaults.statsEmitIntervalSeconds
        clientQueueFrames = try container.decodeIfPresent(Int.self, forKey: .clientQueueFrames) ?? defaults.clientQueueFrames
        maxClients = try container.decodeIfPresent(Int.self, forKey: .maxClients) ?? defaults.maxClients
        if !(0...10_000).contains(connectionsBootstrapLimit) {
            throw DecodingError.dataCorruptedError(forKey: .connectionsBootstrapLimit, in: container, debugDescription: "must be 0 to 10000")
        }
        if !(0.05...3600).contains(statsEmitIntervalSeconds) {
            throw DecodingError.dataCorruptedError(forKey: .statsEmitIntervalSeconds, in: container, debugDescription: "must be 0.05 to 3600")
        }
        if !(16...100_000).contains(clientQueueFrames) {
            throw DecodingError.dataCorruptedError(forKey: .clientQueueFrames, in: container, debugDescription: "must be 16 to 100000")
        }
        if !(1...100_000).contains(maxClients) {
            throw DecodingError.dataCorruptedError(forKey: .maxClients, in: container, debugDescription: "must be 1 to 100000")
        }
    }
}
