import Foundation
#if canImport(Kernel)
import Kernel
#endif

/// Reads an RDAP answer (RFC 9083) for a domain, IP network or autonomous system into a
/// `Registration`.
public enum RDAPDocument {
    /// Parses a decoded RDAP object. Unknown members are ignored; members of the wrong type
    /// are treated as absent.
    public static func parse(_ json: JSONValue) -> Registration {
        var registration = Registration()
        guard let object = json.objectValue else { return registration }
        if object["errorCode"]?.numberValue == 404 { registration.notFound = true }
        registration.domain = object["ldhName"]?.stringValue?.lowercased()
        for event in object["events"]?.arrayValue ?? [] {
            guard let action = event["eventAction"]?.stringValue, let date = event["eventDate"]?.stringValue.flatMap(RegistryDate.parse) else { continue }
            switch action {
            case "registration": registration.created = registration.created ?? date
            case "last changed": registration.updated = registration.updated ?? date
            case "expiration": registration.expires = registration.expires ?? date
            default: break
            }
        }
        registration.statuses = (object["status"]?.arrayValue ?? []).compactMap(\.stringValue).map(camelCase)
        registration.nameServers = (object["nameservers"]?.arrayValue ?? []).compactMap { server in
            server["ldhName"]?.stringValue.map { $0.hasSuffix(".") ? String($0.dropLast()).lowercased() : $0.lowercased() }
        }
        if let signed = object["secureDNS"]?["delegationSigned"]?.boolValue { registration.dnssec = signed ? "signed" : "unsigned" }
        if let start = object["startAddress"]?.stringValue, let end = object["endAddress"]?.stringValue {
            registration.network = "\(start) - \(end)"
        } else if let start = object["startAutnum"]?.numberValue {
            registration.network = "AS\(Int(start))"
        }
        registration.holder = object["name"]?.stringValue
        for entity in object["entities"]?.arrayValue ?? [] { read(entity, into: &registration, depth: 0) }
        return registration
    }

    private static func read(_ entity: JSONValue, into registration: inout Registration, depth: Int) {
        guard depth < 4 else { return }
        let roles = (entity["roles"]?.arrayValue ?? []).compactMap(\.stringValue)
        let card = VCard(entity["vcardArray"])
        if roles.contains("registrar") { registration.registrar = registration.registrar ?? card.name }
        if roles.contains("registrant"), registration.network != nil { registration.holder = card.organisation ?? card.name ?? registration.holder }
        if roles.contains("abuse") {
            registration.abuseEmail = registration.abuseEmail ?? card.email
            registration.abusePhone = registration.abusePhone ?? card.phone
        }
        for nested in entity["entities"]?.arrayValue ?? [] { read(nested, into: &registration, depth: depth + 1) }
    }

    /// `client transfer prohibited` → `clientTransferProhibited`, the EPP spelling WHOIS uses.
    static func camelCase(_ status: String) -> String {
        let words = status.split(separator: " ")
        guard let first = words.first else { return status }
        return words.dropFirst().reduce(String(first)) { $0 + $1.prefix(1).uppercased() + $1.dropFirst() }
    }

    /// The few jCard (RFC 7095) properties an RDAP entity needs.
    struct VCard {
        var name: String?
        var organisation: String?
        var email: String?
        var phone: String?

        init(_ value: JSONValue?) {
            guard let properties = value?.arrayValue?.dropFirst().first?.arrayValue else { return }
            for property in properties {
                guard let parts = property.arrayValue, parts.count >= 4, let key = parts[0].stringValue else { continue }
                let text = parts[3].stringValue ?? parts[3].arrayValue?.compactMap(\.stringValue).first(where: { !$0.isEmpty })
                switch key {
                case "fn": name = name ?? text
                case "org": organisation = organisation ?? text
                case "email": email = email ?? text
                case "tel": phone = phone ?? text.map { $0.hasPrefix("tel:") ? String($0.dropFirst(4)) : $0 }
                default: break
                }
            }
        }
    }
}
