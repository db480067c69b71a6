/// A search of one tenant's monitors, as a list page asks it: words that the name, target or
/// a tag must all contain (any case), and any of some statuses, kinds and tags; one page of the
/// matches (`offset`, `limit`) and how many match in all.
///
/// `MonitorRepository.search` has a default that reads every monitor and filters here; a store
/// answers it in its own query language where it can (SQLite does, in SQL), with the same
/// result.
public struct MonitorSearch: Sendable, Hashable {
    /// Lower-cased words, each of which must occur in the name, the target or a tag.
    public var words: [String]
    /// The shown status (`paused` for a paused monitor, `pending` without state) must be one
    /// of these; empty for any.
    public var statuses: Set<MonitorStatus>
    /// The kind must be one of these; empty for any.
    public var kinds: Set<String>
    /// The monitor must have one of these tags; empty for any.
    public var tags: Set<String>
    /// How many matches to skip, in store order.
    public var offset: Int
    /// The most matches to return.
    public var limit: Int

    /// Creates a search; `words` are lower-cased here.
    public init(words: [String] = [], statuses: Set<MonitorStatus> = [], kinds: Set<String> = [], tags: Set<String> = [],
                offset: Int = 0, limit: Int = PageRequest.defaultLimit) {
        self.words = words.map { $0.lowercased() }
        self.statuses = statuses
        self.kinds = kinds
        self.tags = tags
        self.offset = offset
        self.limit = limit
    }

    /// The status a list shows for a monitor.
    public static func shownStatus(_ monitor: Monitor, _ state: MonitorState?) -> MonitorStatus {
        monitor.paused ? .paused : (state?.status ?? .pending)
    }

    /// Whether a monitor with its state matches.
    public func matches(_ monitor: Monitor, state: MonitorState?) -> Bool {
        if !statuses.isEmpty && !statuses.contains(Self.shownStatus(monitor, state)) { return false }
        if !kinds.isEmpty && !kinds.contains(monitor.kind) { return false }
        if !tags.isEmpty && tags.isDisjoint(with: monitor.tags) { return false }
        guard !words.isEmpty else { return true }
        let haystack = ([monitor.name, monitor.target] + monitor.tags).joined(separator: "\u{1}").lowercased()
        return words.allSatisfy { haystack.contains($0) }
    }
}

/// One page of a `MonitorSearch`: the matching monitors with their states, and the number of
/// matches in all.
public struct MonitorSearchPage: Sendable {
    /// The page's monitors, in store order, each with its scheduler state if it has one.
    public var items: [(monitor: Monitor, state: MonitorState?)]
    /// How many monitors match.
    public var total: Int

    /// Creates a page.
    public init(items: [(monitor: Monitor, state: MonitorState?)], total: Int) {
        self.items = items
        self.total = total
    }
}

extension MonitorRepository {
    /// Reads every monitor of the tenant and its state, and filters them: correct for any
    /// store, and what stores without a query of their own answer with.
    public func search(tenant: TenantID, _ search: MonitorSearch) async throws -> MonitorSearchPage {
        var all: [Monitor] = []
        var cursor: String?
        repeat {
            let page = try await list(tenant: tenant, page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            all += page.items
            cursor = page.nextCursor
        } while cursor != nil
        let states = try await states(of: all.map(\.id), tenant: tenant)
        let matching = all.filter { search.matches($0, state: states[$0.id]) }
        return MonitorSearchPage(items: matching.dropFirst(search.offset).prefix(search.limit).map { ($0, states[$0.id]) },
                                 total: matching.count)
    }
}
