import Foundation

/// The public status pages' answers, kept for `seconds` (30 by default): a page linked from
/// everywhere during an outage is computed twice a minute, not once per visitor. A change to
/// the page through the API forgets it at once.
actor PublicStatusCache {
    private var entries: [String: (expires: Date, body: [UInt8])] = [:]
    let seconds: Double

    init(seconds: Double = 30) { self.seconds = seconds }

    /// The cached answer for `slug`, or `make`'s (cached when not nil).
    func answer(_ slug: String, make: () async throws -> [UInt8]?) async throws -> [UInt8]? {
        let now = Date()
        if let entry = entries[slug], entry.expires > now { return entry.body }
        guard let body = try await make() else { return nil }
        if entries.count > 10_000 { entries = entries.filter { $0.value.expires > now } }
        entries[slug] = (now.addingTimeInterval(seconds), body)
        return body
    }

    /// Drops `slug`'s answer.
    func forget(_ slug: String) { entries[slug] = nil }
}
