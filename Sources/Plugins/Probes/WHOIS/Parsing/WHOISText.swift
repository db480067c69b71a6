#if canImport(Kernel)
import Kernel  // not a module in the fuzz package, which compiles the files it needs itself
#endif

/// Reads the `Key: value` text of a WHOIS answer (RFC 3912 leaves the format free) into a
/// `Registration`, knowing the keys of the common registries (Verisign, ICANN's gTLD
/// format, IANA, RIPE-style RIRs, ARIN, DENIC, Nominet-style) and where they refer next.
public enum WHOISText {
    private static let keys: [String: Field] = {
        var table: [String: Field] = [:]
        func add(_ field: Field, _ names: [String]) { for name in names { table[name] = field } }
        add(.domain, ["domain name", "domain"])
        add(.registrar, ["registrar", "sponsoring registrar", "registrar name", "registrar organization"])
        add(.holder, ["orgname", "org-name", "organization", "registrant organization", "as-name", "asname", "netname"])
        add(.network, ["inetnum", "inet6num", "netrange", "cidr", "aut-num", "asnumber"])
        add(.created, ["creation date", "created", "created on", "registered on", "registration time", "regdate",
                       "domain registration date", "registered", "record created"])
        add(.updated, ["updated date", "last updated", "last-modified", "changed", "updated", "last modified", "updated on",
                       "lastupdated", "last update"])
        add(.expires, ["registry expiry date", "registrar registration expiration date", "expiration date", "expiry date",
                       "expires", "expires on", "paid-till", "expire date", "renewal date", "expiration time", "registry expiration date"])
        add(.status, ["domain status", "status", "state"])
        add(.nameServer, ["name server", "nserver", "nameserver", "name servers"])
        add(.dnssec, ["dnssec"])
        add(.abuseEmail, ["registrar abuse contact email", "abuse-mailbox", "orgabuseemail", "abuse contact email"])
        add(.abusePhone, ["registrar abuse contact phone", "orgabusephone"])
        add(.referral, ["refer", "registrar whois server", "referralserver", "whois server"])
        return table
    }()

    private enum Field { case domain, registrar, holder, network, created, updated, expires, status, nameServer, dnssec, abuseEmail, abusePhone, referral }

    private static let notFoundMarkers = ["no match", "not found", "no entries found", "no data found", "no object found",
                                          "status: free", "status: available", "object does not exist", "no such domain"]

    /// Parses one answer. The text after Verisign's `>>> Last update` line is legal notice,
    /// and is skipped; `%` and `#` lines are comments.
    public static func parse(_ text: String) -> Registration {
        var registration = Registration()
        var sawField = false
        for rawLine in TextLines.split(text, omittingEmpty: true) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix(">>>") { break }
            if line.hasPrefix("%") || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, let field = keys[key] else { continue }
            sawField = true
            apply(field, value, to: &registration)
        }
        let lowered = text.prefix(4096).lowercased()
        if !sawField || (registration.created == nil && registration.expires == nil && registration.registrar == nil) {
            registration.notFound = notFoundMarkers.contains { lowered.contains($0) }
        }
        return registration
    }

    private static func apply(_ field: Field, _ value: String, to registration: inout Registration) {
        switch field {
        case .domain: registration.domain = registration.domain ?? value.lowercased()
        case .registrar: registration.registrar = registration.registrar ?? value
        case .holder: registration.holder = registration.holder ?? value
        case .network: registration.network = registration.network ?? value
        case .created: registration.created = registration.created ?? RegistryDate.parse(value)
        case .updated: registration.updated = registration.updated ?? RegistryDate.parse(value)
        case .expires: registration.expires = registration.expires ?? RegistryDate.parse(value)
        case .status:
            // ICANN format: `clientTransferProhibited https://icann.org/epp#clientTransferProhibited`.
            let code = String(value.split(separator: " ").first ?? "")
            if !code.isEmpty, !registration.statuses.contains(code) { registration.statuses.append(code) }
        case .nameServer:
            let name = String(value.split(separator: " ").first ?? "").lowercased()
            let bare = name.hasSuffix(".") ? String(name.dropLast()) : name
            if !bare.isEmpty, !registration.nameServers.contains(bare) { registration.nameServers.append(bare) }
        case .dnssec: registration.dnssec = registration.dnssec ?? normaliseDNSSEC(value)
        case .abuseEmail: registration.abuseEmail = registration.abuseEmail ?? value
        case .abusePhone: registration.abusePhone = registration.abusePhone ?? value
        case .referral:
            guard registration.referral == nil, let server = referralServer(value) else { return }
            registration.referral = server
        }
    }

    static func normaliseDNSSEC(_ value: String) -> String {
        let lowered = value.lowercased()
        if lowered.hasPrefix("unsigned") || lowered == "no" || lowered == "inactive" { return "unsigned" }
        if lowered.hasPrefix("signed") || lowered == "yes" || lowered == "active" { return "signed" }
        return value
    }

    /// `whois.example.net`, `whois://whois.ripe.net`, `whois.example.net:4343`; nil for
    /// `rwhois://` and URLs of other schemes.
    static func referralServer(_ value: String) -> String? {
        var server = value.trimmingCharacters(in: .whitespaces)
        if server.lowercased().hasPrefix("whois://") { server = String(server.dropFirst(8)) }
        if server.contains("://") { return nil }
        if server.hasSuffix("/") { server = String(server.dropLast()) }
        guard !server.isEmpty, !server.contains(" "),
              server.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]_".contains($0)) }) else { return nil }
        return server.lowercased()
    }
}
