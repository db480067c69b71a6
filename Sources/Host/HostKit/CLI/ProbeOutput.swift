import Foundation
import Kernel

/// Writes `vantage probe`'s text: the plugin's report (live updates and the end), then the
/// one-line verdict every probe gets.
struct ProbeOutput: Sendable {
    let report: (any ProbeReport)?
    let interactive = isatty(STDOUT_FILENO) == 1

    func progress(_ update: JSONValue) {
        if let text = report?.progress(update, interactive: interactive) { write(text) }
    }

    func finish(_ record: ResultRecord) {
        write((report?.finish(record, interactive: interactive) ?? "") + Self.describe(record) + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// `tcp example.com:443: up in 12.345 ms [192.0.2.1]`.
    static func describe(_ record: ResultRecord) -> String {
        let result = record.result
        var line = "\(record.kind) \(record.target): \(result.status.rawValue)"
        if let latency = result.latency { line += " in \(String(format: "%.3f", latency * 1000)) ms" }
        if let failure = result.failure { line += " (\(failure.code): \(failure.message))" }
        if case .object(let details) = result.details, case .string(let address)? = details["address"] { line += " [\(address)]" }
        return line
    }
}
