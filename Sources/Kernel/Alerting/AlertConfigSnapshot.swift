/// Every tenant's alerting configuration, read at once for one evaluation pass.
public struct AlertConfigSnapshot: Sendable {
    /// Every rule.
    public var rules: [AlertRule]
    /// Every maintenance window.
    public var windows: [MaintenanceWindow]
    /// Every channel.
    public var channels: [NotificationChannelRecord]

    /// Reads every document of every kind from `repository`, page by page.
    public static func load(from repository: any AlertRepository) async throws -> AlertConfigSnapshot {
        AlertConfigSnapshot(rules: try await all(AlertRule.self, repository),
                            windows: try await all(MaintenanceWindow.self, repository),
                            channels: try await all(NotificationChannelRecord.self, repository))
    }

    /// Every record of one kind, in every tenant, page by page.
    static func all<Record: AlertConfigRecord>(_ type: Record.Type, _ repository: any AlertRepository) async throws -> [Record] {
        var records: [Record] = []
        var cursor: String?
        repeat {
            let page = try await repository.listConfigAllTenants(Record.configKind, page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            records += page.items.compactMap { $0.record(as: Record.self) }
            cursor = page.nextCursor
        } while cursor != nil
        return records
    }
}
