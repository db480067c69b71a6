#if canImport(Glibc)
import Glibc
#endif
import Kernel
import NIOPosix

/// Which address family a probe uses for a target name.
public enum FamilyPreference: String, Sendable, Hashable, Codable, CaseIterable {
    /// The first address the resolver returns.
    case any
    /// IPv4 only.
    case ipv4
    /// IPv6 only.
    case ipv6

    func accepts(_ address: IPAddress) -> Bool {
        switch self {
        case .any: return true
        case .ipv4: return address.family == .ipv4
        case .ipv6: return address.family == .ipv6
        }
    }
}

/// Checks and resolves probe targets: an address literal or a host name, never anything a
/// shell would see. Names resolve with getaddrinfo on NIO's blocking-I/O pool; every
/// address is checked against the `TargetPolicy`.
public enum TargetResolver {
    /// Throws `ValidationError` on `field` when `target` is neither an address nor a host
    /// name, or is an address the policy refuses.
    public static func validate(_ target: String, family: FamilyPreference, policy: TargetPolicy, field: String = "target") throws {
        if let address = IPAddress(target) {
            guard family.accepts(address) else { throw ValidationError(field: field, "\(target) is not an \(family.rawValue) address") }
            if let refusal = policy.refusal(for: address) { throw ValidationError(field: field, refusal) }
            return
        }
        if let last = target.split(separator: ".").last, !last.isEmpty, last.allSatisfy(\.isNumber) {
            throw ValidationError(field: field, "\(target) is not a valid IPv4 address")
        }
        guard isHostName(target) else {
            throw ValidationError(field: field, "must be an IPv4 or IPv6 address or a host name (letters, digits, '-' and '.', at most 253 characters)")
        }
    }

    /// Whether `name` is a syntactically valid host name.
    public static func isHostName(_ name: String) -> Bool {
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        guard !trimmed.isEmpty, trimmed.utf8.count <= 253 else { return false }
        return trimmed.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
        }
    }

    /// The address to probe: the literal, or the first resolved address of the family,
    /// checked against the policy. Fails with `name_not_resolved` or `refused_by_policy`.
    public static func resolve(_ target: String, family: FamilyPreference, policy: TargetPolicy) async throws(ProbeFailure) -> IPAddress {
        let candidates: [IPAddress]
        if let literal = IPAddress(target) {
            candidates = [literal]
        } else {
            let outcome: Result<[IPAddress], ProbeFailure>
            do {
                outcome = try await NIOThreadPool.singleton.runIfActive { lookup(target) }
            } catch {
                throw ProbeFailure(code: "probe_error", message: "resolver thread pool unavailable: \(error)")
            }
            candidates = try outcome.get()
        }
        guard let address = candidates.first(where: family.accepts) else {
            throw ProbeFailure(code: "name_not_resolved", message: "\(target) has no \(family.rawValue) address")
        }
        if let refusal = policy.refusal(for: address) { throw ProbeFailure(code: "refused_by_policy", message: refusal) }
        return address
    }

    /// The host name of an address (reverse DNS), or nil.
    public static func reverseName(_ address: IPAddress) async -> String? {
        try? await NIOThreadPool.singleton.runIfActive {
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let status = address.withSocketAddress { getnameinfo($0, $1, &host, socklen_t(host.count), nil, 0, NI_NAMEREQD) }
            guard status == 0 else { return nil }
            return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Reverse DNS names of the distinct addresses, looked up concurrently.
    public static func reverseNames(_ addresses: [IPAddress]) async -> [IPAddress: String] {
        await withTaskGroup(of: (IPAddress, String?).self) { group in
            for address in Set(addresses) { group.addTask { (address, await reverseName(address)) } }
            var names: [IPAddress: String] = [:]
            for await (address, name) in group { if let name { names[address] = name } }
            return names
        }
    }

    private static func lookup(_ host: String) -> Result<[IPAddress], ProbeFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(ProbeFailure(code: "name_not_resolved", message: "\(host) could not be resolved: \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let raw = entry.pointee.ai_addr, let (address, _) = IPAddress.from(UnsafeRawPointer(raw)), !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        return .success(addresses)
    }
}

/// Per-packet source address and interface options shared by ping and trace.
public enum SourceOptions {
    /// Checks a source address and interface name; throws `ValidationError` naming
    /// `config.source` or `config.interface`.
    public static func validate(source: String?, interface: String?) throws {
        if let source, IPAddress(source) == nil {
            throw ValidationError(field: "config.source", "must be an IPv4 or IPv6 address of this machine")
        }
        if let interface, interface.isEmpty || interface.utf8.count > 15 || interface.contains("/") {
            throw ValidationError(field: "config.interface", "must be a network interface name (at most 15 characters)")
        }
    }

    /// Builds send options, failing when the interface does not exist or the source is of
    /// the other family.
    public static func make(source: String?, interface: String?, family: IPAddress.Family, hopLimit: Int? = nil) throws(ProbeFailure) -> SendOptions {
        var options = SendOptions(hopLimit: hopLimit)
        if let source, let address = IPAddress(source) {
            guard address.family == family else {
                throw ProbeFailure(code: "probe_error", message: "source \(source) is not an \(family.rawValue) address")
            }
            options.source = address
        }
        if let interface {
            let index = if_nametoindex(interface)
            guard index != 0 else { throw ProbeFailure(code: "probe_error", message: "no network interface named \(interface)") }
            options.interfaceIndex = Int(index)
        }
        return options
    }
}
