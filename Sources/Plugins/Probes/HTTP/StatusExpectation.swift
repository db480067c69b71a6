import Foundation

/// Accepted status codes: `200`, `200-299`, `2xx`, in any combination.
struct StatusExpectation: Sendable, Hashable {
    private let ranges: [ClosedRange<Int>]
    let text: String

    /// Parses the entries; throws the first entry that is not a code, range or class.
    init(_ entries: [String]) throws(BadEntry) {
        var ranges: [ClosedRange<Int>] = []
        for entry in entries {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.count == 3, trimmed.lowercased().hasSuffix("xx"), let first = Int(trimmed.prefix(1)), (1...5).contains(first) {
                ranges.append(first * 100...first * 100 + 99)
            } else if let code = Int(trimmed), (100...599).contains(code) {
                ranges.append(code...code)
            } else if let dash = trimmed.firstIndex(of: "-"), let low = Int(trimmed[..<dash]),
                      let high = Int(trimmed[trimmed.index(after: dash)...]), (100...599).contains(low), (low...599).contains(high) {
                ranges.append(low...high)
            } else {
                throw BadEntry(entry: entry)
            }
        }
        self.ranges = ranges
        text = entries.joined(separator: ", ")
    }

    func accepts(_ status: Int) -> Bool { ranges.contains { $0.contains(status) } }

    struct BadEntry: Error { var entry: String }
}
