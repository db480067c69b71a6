/// PostgreSQL array literals (`{"a","b"}`) for passing a batch as one parameter.
enum PGArray {
    /// A text array literal: every element quoted, `"` and `\` escaped.
    static func text(_ values: [String]) -> String {
        var out = "{"
        out.reserveCapacity(values.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { out += "\\" }
                out.unicodeScalars.append(character)
            }
            out += "\""
        }
        return out + "}"
    }
}
