extension JSONValue {
    /// Applies an RFC 7386 JSON merge patch: objects merge recursively, `null` removes a
    /// member, anything else replaces the target.
    public func merged(with patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var members = objectValue ?? [:]
        for (key, change) in changes {
            if case .null = change {
                members[key] = nil
            } else {
                members[key] = (members[key] ?? .null).merged(with: change)
            }
        }
        return .object(members)
    }
}
