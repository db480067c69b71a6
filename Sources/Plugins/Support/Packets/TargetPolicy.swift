import Kernel

/// Which addresses probes may send to. By default everything except the unspecified,
/// multicast and limited-broadcast addresses; a deployment can deny more networks (for
/// example its own management network) or allow only some.
public struct TargetPolicy: Sendable, Hashable {
    /// Networks probes may never reach.
    public var denied: [Network]
    /// When not empty, the only networks probes may reach.
    public var allowed: [Network]

    /// Networks that are always refused: 0.0.0.0/8, 224.0.0.0/4, 255.255.255.255/32, ::/128, ff00::/8.
    public static let alwaysDenied: [Network] = ["0.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32", "::/128", "ff00::/8"].map { Network($0)! }

    /// The default policy: only the always-denied networks.
    public static let standard = TargetPolicy(denied: alwaysDenied, allowed: [])

    private init(denied: [Network], allowed: [Network]) {
        self.denied = denied
        self.allowed = allowed
    }

    /// Creates a policy from CIDR strings; throws naming the bad entry.
    public init(deny: [String] = [], allow: [String] = []) throws(PolicyError) {
        func parse(_ list: [String], _ field: String) throws(PolicyError) -> [Network] {
            var networks: [Network] = []
            for (index, text) in list.enumerated() {
                guard let network = Network(text) else { throw PolicyError(field: "\(field)[\(index)]", value: text) }
                networks.append(network)
            }
            return networks
        }
        self.denied = Self.alwaysDenied + (try parse(deny, "deny"))
        self.allowed = try parse(allow, "allow")
    }

    /// A policy from a plugin configuration's `deny` and `allow`; throws `ConfigurationError`
    /// with the JSON path of the bad entry (`$.deny[2]`).
    public static func configured(deny: [String], allow: [String]) throws -> TargetPolicy {
        do {
            return try TargetPolicy(deny: deny, allow: allow)
        } catch {
            throw ConfigurationError(path: "$.\(error.field)", message: "\(error)")
        }
    }

    /// Nil when `address` may be probed, else the reason in plain words.
    public func refusal(for address: IPAddress) -> String? {
        if let network = denied.first(where: { $0.contains(address) }) {
            return "\(address) is in \(network), which this server does not probe"
        }
        if !allowed.isEmpty, !allowed.contains(where: { $0.contains(address) }) {
            return "\(address) is outside the networks this server may probe (\(allowed.map(\.description).joined(separator: ", ")))"
        }
        return nil
    }

    /// An address prefix such as `10.0.0.0/8`.
    public struct Network: Sendable, Hashable, CustomStringConvertible {
        public var address: IPAddress
        public var prefixLength: Int

        /// Parses `ADDRESS/LENGTH` or a bare address (a host route).
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let address = IPAddress(String(parts[0])) else { return nil }
            let maximum = address.bytes.count * 8
            guard let length = parts.count == 2 ? Int(parts[1]) : maximum, (0...maximum).contains(length) else { return nil }
            self.address = address
            self.prefixLength = length
        }

        /// Whether `other` is inside this network.
        public func contains(_ other: IPAddress) -> Bool {
            guard other.family == address.family else { return false }
            var remaining = prefixLength
            for (mine, theirs) in zip(address.bytes, other.bytes) where remaining > 0 {
                let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
                if mine & mask != theirs & mask { return false }
                remaining -= 8
            }
            return true
        }

        public var description: String { "\(address)/\(prefixLength)" }
    }
}

/// A policy entry that is not a CIDR network.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `deny[2]`, `allow[0]`, ...
    public var field: String
    /// The entry as written.
    public var value: String
    public var description: String { "\(field): '\(value)' is not an address or CIDR network such as 10.0.0.0/8 or 2001:db8::/32" }
}
