import Kernel
import TLSSupport

/// Builds the result of a run from its hops: timings summed over redirects, the final
/// response's checks, the certificate of the final HTTPS hop.
struct HTTPResultBuilder {
    let options: HTTPOptions
    let hops: [HTTPHop]

    /// The result of a run whose last hop answered.
    func result() -> ProbeResult {
        guard let last = hops.last else { return .down(ProbeFailure(code: "probe_error", message: "no request was made")) }
        let checks = ResponseAssertions(options: options)
            .evaluate(status: last.status, reason: last.reason, headers: last.headers, body: last.body, truncated: last.truncated)
        var details = baseDetails()
        details["assertions"] = .array(checks.map(\.json))
        let total = hops.reduce(0) { $0 + $1.total }
        var result = ProbeResult(status: .up, latency: total, metrics: metrics(), details: .object(details))
        if let failed = checks.first(where: { !$0.passed }) {
            result.status = .down
            result.failure = failed.failure
        } else if let certificate = last.certificate, options.checkCertificate, !options.skipVerify || certificate.status != .down,
                  certificate.status != .up {
            result.status = certificate.status
            result.failure = certificate.failure
        } else if let threshold = options.degradedAfter, total > threshold {
            result.status = .degraded
            result.failure = ProbeFailure(code: "slow", message: "the response took \(formatSeconds(total)); degraded above \(formatSeconds(threshold))")
        }
        return result
    }

    /// A down result for a run that failed before a final answer.
    func failed(_ error: any Error, url: HTTPURL) -> ProbeResult {
        let failure = error as? ProbeFailure ?? ProbeFailure(code: "probe_error", message: "\(error)")
        var details = baseDetails()
        details["url"] = .string(url.description)
        return ProbeResult(status: .down, latency: nil, failure: failure, metrics: metrics(), details: .object(details))
    }

    private func baseDetails() -> [String: JSONValue] {
        guard let last = hops.last else { return ["redirects": .array([])] }
        var details: [String: JSONValue] = [
            "url": .string(last.url.description),
            "statusCode": .number(Double(last.status)),
            "reason": .string(last.reason),
            "address": .string(last.address.description),
            "headers": .object(responseHeaders(last).mapValues { .string($0) }),
            "bodyBytes": .number(Double(last.bodyBytes)),
            "truncated": .bool(last.truncated),
            "redirects": .array(hops.dropLast().map { hop in
                .object(["url": .string(hop.url.description), "statusCode": .number(Double(hop.status)),
                         "location": .string(hop.headers.first { $0.name.lowercased() == "location" }?.value ?? "")])
            }),
            "timings": .object([
                "dns": .number(sum(\.dns)), "connect": .number(sum(\.connect)), "tls": .number(sum(\.tls)),
                "firstByte": .number(sum(\.firstByte)), "transfer": .number(sum(\.transfer)), "total": .number(sum(\.total)),
            ]),
        ]
        if let version = last.tlsVersion { details["tlsVersion"] = .string(version) }
        if let certificate = last.certificate { details["certificate"] = certificate.details }
        return details
    }

    /// Response headers by lower-cased name; repeated headers joined with ", ".
    private func responseHeaders(_ hop: HTTPHop) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in hop.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { $0 + ", " + value } ?? value
        }
        return headers
    }

    private func metrics() -> [String: Double] {
        guard let last = hops.last else { return [:] }
        var metrics: [String: Double] = [
            "dns_seconds": sum(\.dns), "connect_seconds": sum(\.connect), "tls_seconds": sum(\.tls),
            "first_byte_seconds": sum(\.firstByte), "transfer_seconds": sum(\.transfer), "total_seconds": sum(\.total),
            "status_code": Double(last.status), "body_bytes": Double(last.bodyBytes), "redirects": Double(hops.count - 1),
        ]
        if let certificate = last.certificate { metrics[CertificateCheck.daysLeftMetric] = Double(certificate.daysLeft) }
        return metrics
    }

    private func sum(_ phase: KeyPath<HTTPHop, Double>) -> Double { hops.reduce(0) { $0 + $1[keyPath: phase] } }
}
