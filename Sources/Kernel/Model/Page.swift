/// A request for one page of a list: at most `limit` items after an opaque cursor.
public struct PageRequest: Sendable, Hashable {
    /// The most items to return; the API caps it at `maximumLimit`.
    public var limit: Int
    /// The cursor a previous page returned, or nil for the first page.
    public var cursor: String?

    /// The largest page size any list accepts.
    public static let maximumLimit = 1000
    /// The page size when the caller names none.
    public static let defaultLimit = 100

    /// Creates a page request; `limit` is clamped to 1...maximumLimit.
    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) {
        self.limit = min(max(limit, 1), PageRequest.maximumLimit)
        self.cursor = cursor
    }
}

/// One page of a list, with the cursor of the next page (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page.
    public var items: [Item]
    /// Pass this to fetch the next page; nil when there is none.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

extension Page: Encodable where Item: Encodable {}
extension Page: Equatable where Item: Equatable {}

extension Page {
    /// A page from rows fetched as `limit + 1` (sequence number, item) pairs in sequence
    /// order: the extra row only says whether another page follows, and the cursor is the
    /// sequence number of the page's last item. Stores that page by a sequence column use it.
    public init(sequenced rows: [(Int64, Item)], limit: Int) {
        self.init(items: rows.prefix(limit).map(\.1), nextCursor: rows.count > limit ? String(rows[limit - 1].0) : nil)
    }
}
