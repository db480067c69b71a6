import Kernel
import PacketSupport

/// One lookup: the query sent to each server in turn until one answers, over UDP with a
/// TCP retry when the answer is truncated (or over TCP only).
struct DNSLookup: Sendable {
    /// What was asked and how.
    var question: DNSQuestion
    var recursion: Bool
    var checkingDisabled: Bool
    var edns: EDNS?
    var overTCP: Bool
    var attempts: Int
    var attemptTimeout: Double

    /// A response and how it was obtained.
    struct Answer: Sendable {
        var message: DNSMessage
        var server: String
        var transport: String
        var truncatedRetry: Bool
        var seconds: Double
        var size: Int
    }

    /// The answer of the first server that gives one, or the failure of the last, with the
    /// failures met on the way. Stops trying servers when `deadline` (monotonic ns) passes.
    func run(servers: [(IPAddress, UInt16)], deadline: Int64) async -> (Result<Answer, ProbeFailure>, [String]) {
        var failures: [String] = []
        var last = ProbeFailure(code: "no_server", message: "no DNS server to ask")
        for (address, port) in servers {
            let remaining = Double(deadline - Clock.monotonicNanoseconds()) / 1e9
            guard remaining > 0.01 else { break }
            let result = await ask(address, port: port, budget: remaining)
            switch result {
            case .success(let answer): return (.success(answer), failures)
            case .failure(let failure):
                if failure.code == "cancelled" { return (.failure(failure), failures) }
                failures.append(failure.message)
                last = failure
            }
        }
        return (.failure(last), failures)
    }

    private func ask(_ address: IPAddress, port: UInt16, budget: Double) async -> Result<Answer, ProbeFailure> {
        let id = UInt16.random(in: 0...UInt16.max)
        let query = DNSMessage.query(id: id, name: question.name, type: question.type, recursionDesired: recursion,
                                     checkingDisabled: checkingDisabled, edns: edns).encoded()
        let questionLength = question.name.wireLength + 4
        let perAttempt = min(attemptTimeout, budget / Double(overTCP ? 1 : attempts))
        let first = await DNSTransport.shared.exchange(query, questionLength: questionLength, address: address, port: port,
                                                       overTCP: overTCP, attemptTimeout: perAttempt, attempts: attempts)
        let server = address.family == .ipv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
        switch first {
        case .failure(let failure):
            return .failure(ProbeFailure(code: failure.code, message: failure.message))
        case .response(let bytes, let seconds):
            let message: DNSMessage
            do {
                message = try DNSMessage(decoding: bytes)
            } catch {
                return .failure(ProbeFailure(code: "bad_response", message: "\(server) sent a malformed response: \(error)"))
            }
            guard message.flags.truncated, !overTCP else {
                return .success(Answer(message: message, server: server, transport: overTCP ? "tcp" : "udp",
                                       truncatedRetry: false, seconds: seconds, size: bytes.count))
            }
            let retry = await DNSTransport.shared.exchange(query, questionLength: questionLength, address: address, port: port,
                                                           overTCP: true, attemptTimeout: max(min(attemptTimeout, budget - seconds), 0.01),
                                                           attempts: 1)
            switch retry {
            case .failure(let failure):
                return .failure(ProbeFailure(code: failure.code, message: "the answer was truncated over UDP and the TCP retry failed: \(failure.message)"))
            case .response(let tcpBytes, let tcpSeconds):
                do {
                    return .success(Answer(message: try DNSMessage(decoding: tcpBytes), server: server, transport: "tcp",
                                           truncatedRetry: true, seconds: seconds + tcpSeconds, size: tcpBytes.count))
                } catch {
                    return .failure(ProbeFailure(code: "bad_response", message: "\(server) sent a malformed TCP response: \(error)"))
                }
            }
        }
    }
}
