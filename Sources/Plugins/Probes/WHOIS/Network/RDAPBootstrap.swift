import Foundation
import Kernel
import PacketSupport
import Synchronization

/// IANA's RDAP bootstrap registries (RFC 9224): which RDAP service answers for a TLD, an IP
/// range or an AS number range. Files are fetched on first use and kept for a day.
final class RDAPBootstrap: Sendable {
    /// Where `dns.json`, `ipv4.json`, `ipv6.json` and `asn.json` are: a URL or a directory.
    let base: String
    private let client: RDAPClient
    private let cache = Mutex<[String: (loaded: Date, services: [Service])]>([:])

    /// One entry: the keys it covers and its base URLs.
    struct Service: Sendable {
        var keys: [String]
        var urls: [String]
    }

    init(base: String, client: RDAPClient) {
        self.base = base.hasSuffix("/") ? base : base + "/"
        self.client = client
    }

    /// The RDAP base URL for a lookup, or nil when no registry offers RDAP for it.
    func serviceURL(for target: WHOISTarget, timeout: Double) async throws(ProbeFailure) -> String? {
        switch target {
        case .domain(let name):
            let services = try await load("dns.json", timeout: timeout)
            let labels = name.split(separator: ".")
            // The longest suffix listed wins (`co.uk` before `uk`).
            for count in stride(from: labels.count, through: 1, by: -1) {
                let suffix = labels.suffix(count).joined(separator: ".")
                if let service = services.first(where: { $0.keys.contains(suffix) }) { return preferred(service.urls) }
            }
            return nil
        case .address(let address):
            let services = try await load(address.family == .ipv4 ? "ipv4.json" : "ipv6.json", timeout: timeout)
            var best: (length: Int, url: String)?
            for service in services {
                for key in service.keys {
                    guard let network = TargetPolicy.Network(key), network.contains(address),
                          network.prefixLength > (best?.length ?? -1), let url = preferred(service.urls) else { continue }
                    best = (network.prefixLength, url)
                }
            }
            return best?.url
        case .autonomousSystem(let number):
            for service in try await load("asn.json", timeout: timeout) {
                for key in service.keys {
                    let bounds = key.split(separator: "-").compactMap { UInt32($0) }
                    guard let low = bounds.first, number >= low, number <= (bounds.last ?? low) else { continue }
                    return preferred(service.urls)
                }
            }
            return nil
        }
    }

    private func preferred(_ urls: [String]) -> String? {
        let url = urls.first(where: { $0.hasPrefix("https://") }) ?? urls.first
        return url.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    private func load(_ file: String, timeout: Double) async throws(ProbeFailure) -> [Service] {
        if let cached = cache.withLock({ $0[file] }), cached.loaded.timeIntervalSinceNow > -86_400 { return cached.services }
        let (json, _) = try await client.fetch(base + file, timeout: timeout)
        let services = (json?["services"]?.arrayValue ?? []).compactMap { entry -> Service? in
            guard let parts = entry.arrayValue, parts.count >= 2 else { return nil }
            return Service(keys: (parts[0].arrayValue ?? []).compactMap { $0.stringValue?.lowercased() },
                           urls: (parts[1].arrayValue ?? []).compactMap(\.stringValue))
        }
        guard !services.isEmpty else { throw ProbeFailure(code: "bad_response", message: "\(base + file) lists no RDAP services") }
        cache.withLock { $0[file] = (Date(), services) }
        return services
    }
}
