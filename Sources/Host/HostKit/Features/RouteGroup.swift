import Hummingbird

/// A group of HTTP routes a host feature serves. It registers its own routes (and any
/// middleware of its own, on a `router.group`), and declares which of its paths answer
/// without authentication, so a public path belongs to the group that serves it.
public protocol RouteGroup: Sendable {
    /// Paths of this group that need no credentials: `/api/v1/auth/login`,
    /// `/api/v1/push/{token}`. Default: none.
    var publicPaths: [PathPattern] { get }
    /// Adds the group's routes to `router`.
    func register(on router: Router<APIRequestContext>)
}

extension RouteGroup {
    public var publicPaths: [PathPattern] { [] }
}

/// A request path with `{name}` segments that match any one segment:
/// `/status/{slug}` matches `/status/main` but not `/status` or `/status/a/b`.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    private let segments: [Substring]

    /// A pattern from its text.
    public init(_ text: String) {
        segments = text.split(separator: "/", omittingEmptySubsequences: true)
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// Whether `path` (without its query) matches.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == segments.count, path.hasPrefix("/") else { return false }
        return zip(segments, parts).allSatisfy { pattern, part in
            (pattern.hasPrefix("{") && pattern.hasSuffix("}") && !part.isEmpty) || pattern == part
        }
    }

    public var description: String { "/" + segments.joined(separator: "/") }
}
