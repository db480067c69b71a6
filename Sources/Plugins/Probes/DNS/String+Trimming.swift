extension String {
    /// The string without leading and trailing spaces and tabs. Unlike Foundation's
    /// `trimmingCharacters(in:)` it allocates nothing when there is nothing to trim, which
    /// matters on the per-query path.
    var trimmingBlanks: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = first, let last = last, isBlank(first) || isBlank(last) else { return self }
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
