import Foundation
import Kernel
import Logging
@testable import ProbeHTTP

/// Runs probe.http once, validating first as the API does.
/// A run of probe.http against `url`. The default budget is generous (20 s): tests of the
/// timeout pass their own; a redirect chain took more than 5 s while a clean-clone CI started
/// every fixture at once.
func runHTTP(_ url: String, _ options: HTTPOptions = HTTPOptions(), timeout: Double = 20, previous: ProbeResult? = nil) async throws -> ProbeResult {
    let probe = try HTTPProbe()
    try probe.validate(target: url, options: options)
    var request = ProbeRequest(target: url, timeout: timeout, options: options, logger: Logger(label: "test"))
    request.previous = previous
    return try await probe.run(request)
}

/// Options trusting the fixture's root CA, changed by `change`.
func trusting(_ rootCA: String, _ change: (inout HTTPOptions) -> Void = { _ in }) -> HTTPOptions {
    var options = HTTPOptions(caFile: rootCA)
    change(&options)
    return options
}

extension ProbeResult {
    /// The failure code, or "none".
    var code: String { failure?.code ?? "none" }
    /// The failure message, or "".
    var message: String { failure?.message ?? "" }
}
