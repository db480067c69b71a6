import Foundation
import Kernel
import TLSSupport

/// How `vantage probe tls` is shown: `--port`, `--cacert` and `--starttls`, and the
/// connection and certificate chain.
extension TLSProbe: ReportingProbe {
    public static var commandLineFlags: [ProbeFlag] {
        [.value("port", option: "port", as: .integer, help: "The port when the target has none (option `port`)."),
         ProbeFlag("cacert", takesValue: true, help: "Trust the CA certificates of this PEM file instead of the system store (option `caFile`).") { value, options, plugin in
            // The command runs as its user, on that user's files: the CA directory that keeps
            // caFile in place on a server is the directory of the file given here.
            let path = URL(fileURLWithPath: value ?? "").standardizedFileURL
            options["caFile"] = .string(path.path)
            plugin["caDirectory"] = .string(path.deletingLastPathComponent().path)
        },
         .value("starttls", option: "startTLS", help: "Speak this protocol before the handshake: smtp (option `startTLS`).")]
    }

    public static func makeReport() -> any ProbeReport { TLSTextReport() }
}

/// The negotiated version and cipher, and the chain.
struct TLSTextReport: ProbeReport {
    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        Self.tls(record.result.details.objectValue ?? [:])
    }

    /// The connection and chain of a `probe.tls` result.
    static func tls(_ details: [String: JSONValue]) -> String {
        var lines: [String] = []
        if let version = details["tlsVersion"]?.stringValue {
            lines.append("\(version)  \(details["cipher"]?.stringValue ?? "")  SNI \(details["serverName"]?.stringValue ?? "-")")
        }
        if let certificate = details["certificate"] { lines += CertificateText.lines(certificate) }
        return lines.map { $0 + "\n" }.joined()
    }

}
