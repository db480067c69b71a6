import Kernel

extension Page {
    /// A page from rows fetched as `limit + 1` (sequence number, item) pairs in sequence
    /// order: the extra row only says whether another page follows, and the cursor is the
    /// sequence number of the page's last item.
    init(sequenced rows: [(Int64, Item)], limit: Int) {
        self.init(items: rows.prefix(limit).map(\.1), nextCursor: rows.count > limit ? String(rows[limit - 1].0) : nil)
    }
}
