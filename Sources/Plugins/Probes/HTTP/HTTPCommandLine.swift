import Foundation
import Kernel
import TLSSupport

/// How `vantage probe http` is shown: `--method`, `--cacert` and `-k`, and the response with
/// its phase timings and certificate.
extension HTTPProbe: ReportingProbe {
    public static var commandLineFlags: [ProbeFlag] {
        [.value("method", option: "method", help: "The request method (option `method`)."),
         ProbeFlag("cacert", takesValue: true, help: "Trust the CA certificates of this PEM file instead of the system store (option `caFile`).") { value, options, plugin in
            // The command runs as its user, on that user's files: the CA directory that keeps
            // caFile in place on a server is the directory of the file given here.
            let path = URL(fileURLWithPath: value ?? "").standardizedFileURL
            options["caFile"] = .string(path.path)
            plugin["caDirectory"] = .string(path.deletingLastPathComponent().path)
        },
         .switch("insecure", short: "k", option: "skipVerify", help: "Accept any certificate, still reporting it (option `skipVerify`).")]
    }

    public static func makeReport() -> any ProbeReport { HTTPTextReport() }
}

/// The response, its redirects and timings, failed assertions and the certificate.
struct HTTPTextReport: ProbeReport {
    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        Self.http(record.result.details.objectValue ?? [:])
    }

    /// `HTTP 200 OK  https://...` with redirects, timings, and the certificate if any.
    static func http(_ details: [String: JSONValue]) -> String {
        var lines: [String] = []
        for hop in details["redirects"]?.arrayValue ?? [] {
            lines.append("\(number(hop["statusCode"]))  \(hop["url"]?.stringValue ?? "") → \(hop["location"]?.stringValue ?? "")")
        }
        if let status = details["statusCode"]?.numberValue {
            lines.append("\(Int(status)) \(details["reason"]?.stringValue ?? "")  \(details["url"]?.stringValue ?? "")")
        }
        if let timings = details["timings"] {
            let phases = ["dns", "connect", "tls", "firstByte", "transfer", "total"].map { phase in
                "\(phase) \(milliseconds(timings[phase]))"
            }
            lines.append("  " + phases.joined(separator: "  "))
        }
        if let bytes = details["bodyBytes"]?.numberValue {
            let cut = details["truncated"]?.boolValue == true ? " (stopped at maxBodyBytes)" : ""
            lines.append("  body \(Int(bytes)) bytes\(cut)")
        }
        for check in details["assertions"]?.arrayValue ?? [] where check["passed"]?.boolValue == false {
            lines.append("  ✗ \(check["check"]?.stringValue ?? ""): \(check["reason"]?.stringValue ?? "")")
        }
        if let version = details["tlsVersion"]?.stringValue { lines.append("  \(version)") }
        if let certificate = details["certificate"] { lines += CertificateText.lines(certificate) }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func number(_ value: JSONValue?) -> String { value?.numberValue.map { String(Int($0)) } ?? "-" }

    private static func milliseconds(_ value: JSONValue?) -> String {
        guard let seconds = value?.numberValue else { return "-" }
        return String(format: "%.1f ms", seconds * 1000)
    }
}
