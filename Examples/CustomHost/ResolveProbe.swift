#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Kernel

/// `probe.resolve`: checks that a host name resolves through the system resolver, and how
/// long it took. A complete plugin defined outside the Vantage source tree.
struct ResolveProbe: Probe {
    static let id = PluginID("probe.resolve")!
    static let summary = "Resolve a host name with the system resolver (getaddrinfo)"

    /// Per-monitor options.
    struct Options: Codable, Sendable {
        /// The least number of addresses expected. Default 1.
        var minimumAddresses: Int?
    }

    init(configuration: EmptyConfiguration, context: PluginContext) async throws {}

    func validate(target: String, options: Options) throws {
        guard !target.isEmpty, target.utf8.count <= 253, !target.contains(" ") else {
            throw ValidationError(field: "target", "must be a host name of at most 253 characters")
        }
        if let minimum = options.minimumAddresses, minimum < 1 {
            throw ValidationError(field: "config.minimumAddresses", "must be at least 1")
        }
    }

    func run(_ request: ProbeRequest<Options>) async throws -> ProbeResult {
        let start = ContinuousClock.now
        let target = request.target
        let addresses = await Task.detached { Self.resolve(target) }.value
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let details = JSONValue.object(["addresses": .array(addresses.map(JSONValue.string))])
        guard addresses.count >= (request.options.minimumAddresses ?? 1) else {
            return .down(ProbeFailure(code: "name_not_resolved", message: "\(target) resolved to \(addresses.count) addresses"), details: details)
        }
        return ProbeResult(status: .up, latency: seconds, metrics: ["resolve_seconds": seconds], details: details)
    }

    private static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var result: [String] = []
        var cursor = list
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !result.contains(text) { result.append(text) }
            }
            cursor = entry.pointee.ai_next
        }
        return result
    }
}
