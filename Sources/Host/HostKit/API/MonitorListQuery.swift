import Hummingbird
import Kernel

/// The filters of `GET /api/v1/monitors`: `q` (words that the name, target or a tag must all
/// contain, any case), `status`, `kind` and `tag` (each repeatable or comma-separated, any of
/// them). With any of them the list is filtered on the server and the answer carries `total`
/// (the number of matching monitors), so a page can size a scroll bar; its cursors are offsets.
/// The filters are the store's `MonitorSearch`; this reads them from a request.
enum MonitorListQuery {
    /// The search a request asks for; nil when it names no filter (the plain, store-ordered
    /// listing).
    static func parse(_ request: Request) throws -> MonitorSearch? {
        let parameters = request.uri.queryParameters
        let names = ["q", "status", "kind", "tag"]
        guard names.contains(where: { parameters[$0[...]] != nil }) else { return nil }
        func values(_ name: String) -> [String] {
            parameters.getAll(name).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var query = MonitorSearch()
        let text = parameters.get("q") ?? ""
        guard text.count <= 200 else { throw ValidationError(field: "q", "at most 200 characters") }
        query.words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        for value in values("status") {
            guard let status = MonitorStatus(rawValue: value) else {
                throw ValidationError(field: "status", "unknown status '\(value)'", allowedValues: MonitorStatus.allCases.map(\.rawValue))
            }
            query.statuses.insert(status)
        }
        query.kinds = Set(values("kind"))
        query.tags = Set(values("tag"))
        let page = try RequestDecoding.page(request)
        query.limit = page.limit
        if let cursor = page.cursor {
            guard cursor.hasPrefix("o"), let offset = Int(cursor.dropFirst()), offset >= 0 else {
                throw ValidationError(field: "cursor", "not a cursor of this listing (give the nextCursor of the previous page)")
            }
            query.offset = offset
        }
        return query
    }
}

extension MonitorSearch {
    /// The cursor of the page after this one, if there is one.
    func nextCursor(total: Int) -> String? {
        offset + limit < total ? "o\(offset + limit)" : nil
    }
}

/// A page of a filtered listing, with the number of matches.
struct FilteredPage<Item: Encodable>: Encodable {
    var items: [Item]
    var nextCursor: String?
    var total: Int
}
