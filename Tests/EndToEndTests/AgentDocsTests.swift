import Foundation
import Testing

/// Every `vantage agent …` and `vantage agents …` command the docs print uses options the
/// binary has: each `--option` of the line is in the command's `--help`.
@Suite("agent commands in the docs")
struct AgentDocsTests {
    static func commands() throws -> [String] {
        var found: [String] = []
        for document in ["README.md", "docs/agents.md"] {
            let text = try String(contentsOf: Executables.packageRoot.appendingPathComponent(document), encoding: .utf8)
            for line in text.replacingOccurrences(of: "\\\n", with: " ").components(separatedBy: "\n") {
                guard let start = line.range(of: "vantage agent") else { continue }
                found.append(String(line[start.lowerBound...]).components(separatedBy: "#").first ?? "")
            }
        }
        return found
    }

    @Test func everyDocumentedOptionExists() async throws {
        let commands = try Self.commands()
        #expect(commands.count >= 5, "\(commands)")
        let vantage = try Executables.path("vantage")
        for command in commands {
            let words = command.split(separator: " ").map(String.init)
            let subcommand = words[1] == "agents" ? [words[1], words[2]] : [words[1]]
            let help = try await Executables.run(vantage, subcommand + ["--help"])
            #expect(help.status == 0, "\(subcommand): \(help.stderr)")
            for option in words where option.hasPrefix("--") {
                let name = String(option.prefix { $0 != "=" }).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                #expect(help.stdout.contains(name), "\(command): \(name) is not an option of vantage \(subcommand.joined(separator: " "))")
            }
        }
    }
}
