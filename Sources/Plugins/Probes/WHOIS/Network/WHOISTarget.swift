import Kernel
import PacketSupport

/// What a WHOIS or RDAP lookup is about.
enum WHOISTarget: Sendable, Hashable {
    /// A domain name (lower-case, no trailing dot), or a TLD.
    case domain(String)
    /// An IP address: its network.
    case address(IPAddress)
    /// An autonomous system number, written `AS64500`.
    case autonomousSystem(UInt32)

    /// Parses a target; throws `ValidationError` on `target`.
    init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count > 2, trimmed.prefix(2).uppercased() == "AS", let number = UInt32(trimmed.dropFirst(2)) {
            self = .autonomousSystem(number)
        } else if let address = IPAddress(trimmed) {
            self = .address(address)
        } else if TargetResolver.isHostName(trimmed) {
            let name = trimmed.hasSuffix(".") ? String(trimmed.dropLast()) : trimmed
            self = .domain(name.lowercased())
        } else {
            throw ValidationError(field: "target", "'\(text)' is not a domain name, an IP address or an AS number such as AS64500")
        }
    }

    /// `domain`, `ip` or `asn`.
    var kind: String {
        switch self {
        case .domain: "domain"
        case .address: "ip"
        case .autonomousSystem: "asn"
        }
    }

    /// The TLD of a domain.
    var topLevelDomain: String? {
        guard case .domain(let name) = self else { return nil }
        return name.split(separator: ".").last.map(String.init)
    }

    /// The RDAP path under a service's base URL.
    var rdapPath: String {
        switch self {
        case .domain(let name): "domain/\(name)"
        case .address(let address): "ip/\(address)"
        case .autonomousSystem(let number): "autnum/\(number)"
        }
    }

    /// The query line for a WHOIS server, in the dialect the big registries expect.
    func whoisQuery(for server: WHOISServer) -> String {
        switch self {
        case .domain(let name):
            if server.host.hasSuffix("verisign-grs.com") { return "domain \(name)" }
            if server.host == "whois.denic.de" { return "-T dn,ace \(name)" }
            return name
        case .address(let address):
            return server.host == "whois.arin.net" ? "n + \(address)" : "\(address)"
        case .autonomousSystem(let number):
            return server.host == "whois.arin.net" ? "a + AS\(number)" : "AS\(number)"
        }
    }
}
