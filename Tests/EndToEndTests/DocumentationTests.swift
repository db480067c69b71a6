import Foundation
import Testing

/// Code that the docs show as a real file is that file: a block after
/// `<!-- checked: PATH -->` must appear in PATH (its `...` lines standing for omitted ones),
/// so a copied snippet cannot drift from the code. (`<!-- built: ... -->` blocks are built
/// and run by scripts/check-custom-host.sh.)
@Suite("documentation snippets")
struct DocumentationTests {
    static let documents = ["README.md", "Examples/CustomHost/README.md", "docs/writing-a-plugin.md", "docs/architecture.md",
                            "docs/configuration.md", "docs/running-on-postgresql.md"]

    struct Snippet: CustomStringConvertible {
        var document: String
        var file: String
        var lines: [String]
        var description: String { "\(document) → \(file)" }
    }

    static func snippets() throws -> [Snippet] {
        var found: [Snippet] = []
        for document in documents {
            let text = try String(contentsOf: Executables.packageRoot.appendingPathComponent(document), encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            // A marker indented in a list item counts too, so no snippet goes unchecked.
            for (index, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("<!-- checked: ") {
                let marker = line.trimmingCharacters(in: .whitespaces)
                let file = marker.dropFirst("<!-- checked: ".count).replacingOccurrences(of: " -->", with: "")
                let body = lines.dropFirst(index + 2).prefix { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }
                found.append(Snippet(document: document, file: file, lines: Array(body)))
            }
        }
        return found
    }

    @Test func everyCheckedSnippetIsInItsFile() throws {
        let snippets = try Self.snippets()
        #expect(snippets.count >= 2, "the custom host's main.swift and writing-a-plugin's Package.swift entry are checked")
        for snippet in snippets {
            let source = try String(contentsOf: Executables.packageRoot.appendingPathComponent(snippet.file), encoding: .utf8)
            let normalized = { (line: String) in line.trimmingCharacters(in: .whitespaces) }
            let fileLines = source.components(separatedBy: "\n").map(normalized)
            // Each run of lines between `...` markers appears in the file, in order.
            var searchFrom = 0
            for chunk in snippet.lines.split(whereSeparator: { normalized($0) == "..." }) {
                let wanted = chunk.map(normalized)
                guard let start = (searchFrom...max(searchFrom, fileLines.count - wanted.count)).first(where: {
                    $0 + wanted.count <= fileLines.count && Array(fileLines[$0..<($0 + wanted.count)]) == wanted
                }) else {
                    Issue.record("\(snippet): these lines are not in \(snippet.file):\n\(wanted.joined(separator: "\n"))")
                    break
                }
                searchFrom = start + wanted.count
            }
        }
    }
}
