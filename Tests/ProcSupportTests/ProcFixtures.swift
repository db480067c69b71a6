import Foundation

/// Files recorded from real kernels (`debian12/`: this Debian 12 machine, kernel 6.x) and
/// written by hand from documented formats of older kernels (`older/`).
enum ProcFixtures {
    static func text(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// The same text with CRLF line ends, as it may arrive through a terminal or a Windows hop.
    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// The same text with lone CR line ends.
    static func cr(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\r")
    }
}
