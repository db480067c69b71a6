import Foundation
import Kernel

/// The `ingest` section of `Plugins.json`: limits on what producers push.
///
/// ```json
/// "ingest": {"maxBatchRecords": 5000, "maxBodyBytes": 16777216, "idempotencyKeyHours": 24}
/// ```
public struct IngestSettings: Codable, Sendable, Hashable {
    /// Records one batch may hold; a larger batch is refused with 413 naming the limit.
    /// Default 5,000 (1 to 100,000).
    public var maxBatchRecords: Int
    /// The largest body of an ingest request, in bytes; larger is refused with 413. Default
    /// 16 MiB (1 KiB to 256 MiB). Other routes keep `server.maxBodyBytes`.
    public var maxBodyBytes: Int
    /// How long an `Idempotency-Key` is remembered. Default 24 hours (1 to 720).
    public var idempotencyKeyHours: Int

    /// Creates settings with the documented defaults.
    public init(maxBatchRecords: Int = 5_000, maxBodyBytes: Int = 16 << 20, idempotencyKeyHours: Int = 24) {
        self.maxBatchRecords = maxBatchRecords
        self.maxBodyBytes = maxBodyBytes
        self.idempotencyKeyHours = idempotencyKeyHours
    }

    public init(from decoder: any Decoder) throws {
        let defaults = IngestSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxBatchRecords = try container.decodeIfPresent(Int.self, forKey: .maxBatchRecords) ?? defaults.maxBatchRecords
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
        idempotencyKeyHours = try container.decodeIfPresent(Int.self, forKey: .idempotencyKeyHours) ?? defaults.idempotencyKeyHours
        if !(1...100_000).contains(maxBatchRecords) {
            throw DecodingError.dataCorruptedError(forKey: .maxBatchRecords, in: container, debugDescription: "must be 1 to 100000")
        }
        if !(1024...(256 << 20)).contains(maxBodyBytes) {
            throw DecodingError.dataCorruptedError(forKey: .maxBodyBytes, in: container, debugDescription: "must be 1024 to 268435456")
        }
        if !(1...720).contains(idempotencyKeyHours) {
            throw DecodingError.dataCorruptedError(forKey: .idempotencyKeyHours, in: container, debugDescription: "must be 1 to 720")
        }
    }
}
