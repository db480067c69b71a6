import Foundation
import Kernel
import Testing
@testable import ProbeWHOIS

@Suite("WHOIS and RDAP parsing")
struct WHOISParsingTests {
    private func date(_ text: String) -> String? { RegistryDate.parse(text).map { $0.formatted(.iso8601) } }

    @Test("registry date formats")
    func dates() {
        #expect(date("2024-08-14T07:01:34Z") == "2024-08-14T07:01:34Z")
        #expect(date("2024-08-14T07:01:34.123Z") == "2024-08-14T07:01:34Z")
        #expect(date("2024-08-14T09:01:34+02:00") == "2024-08-14T07:01:34Z")
        #expect(date("2024-08-14 07:01:34") == "2024-08-14T07:01:34Z")
        #expect(date("2024-08-14") == "2024-08-14T00:00:00Z")
        #expect(date("2024.08.14") == "2024-08-14T00:00:00Z")
        #expect(date("20240814") == "2024-08-14T00:00:00Z")
        #expect(date("14.08.2024") == "2024-08-14T00:00:00Z")
        #expect(date("14-Aug-2024") == "2024-08-14T00:00:00Z")
        #expect(date("2000-02-29") == "2000-02-29T00:00:00Z")
        for bad in ["", "soon", "2024-13-01", "2024-00-10", "14-Foo-2024", "99999999999"] { #expect(date(bad) == nil, "\(bad)") }
    }

    @Test("an ICANN-format answer, stopping at the notice")
    func icannFormat() {
        let text = """
           Domain Name: EXAMPLE.COM
           Registrar WHOIS Server: whois.registrar.example
           Updated Date: 2024-08-14T07:01:34Z
           Creation Date: 1995-08-14T04:00:00Z
           Registry Expiry Date: 2025-08-13T04:00:00Z
           Registrar: RESERVED-Internet Assigned Numbers Authority
           Domain Status: clientDeleteProhibited https://icann.org/epp#clientDeleteProhibited
           Name Server: A.IANA-SERVERS.NET
           DNSSEC: signedDelegation
           Registrar Abuse Contact Email: abuse@example.net
        >>> Last update of whois database: 2024-11-23T10:00:00Z <<<
        Registrar: after the marker
        """
        let parsed = WHOISText.parse(text)
        #expect(parsed.domain == "example.com")
        #expect(parsed.registrar == "RESERVED-Internet Assigned Numbers Authority")
        #expect(parsed.referral == "whois.registrar.example")
        #expect(parsed.statuses == ["clientDeleteProhibited"])
        #expect(parsed.nameServers == ["a.iana-servers.net"])
        #expect(parsed.dnssec == "signed")
        #expect(parsed.abuseEmail == "abuse@example.net")
        #expect(parsed.expires.map { $0.formatted(.iso8601) } == "2025-08-13T04:00:00Z")
        #expect(!parsed.notFound)
    }

    @Test("a Verisign answer with CRLF line ends, as RFC 3912 servers send it", arguments: ["\r\n", "\n", "\r"])
    func lineEnds(_ end: String) {
        let text = ["   Domain Name: EXAMPLE.COM", "   Registrar WHOIS Server: whois.registrar.example",
                    "   Creation Date: 1995-08-14T04:00:00Z", "   Registry Expiry Date: 2025-08-13T04:00:00Z",
                    "   Registrar: Example Registrar, Inc.", "   Name Server: A.IANA-SERVERS.NET", "",
                    ">>> Last update of whois database: 2024-11-23T10:00:00Z <<<", "Registrar: after the marker", ""]
            .joined(separator: end)
        let parsed = WHOISText.parse(text)
        #expect(parsed.domain == "example.com")
        #expect(parsed.registrar == "Example Registrar, Inc.")
        #expect(parsed.referral == "whois.registrar.example")
        #expect(parsed.nameServers == ["a.iana-servers.net"])
        #expect(parsed.created.map { $0.formatted(.iso8601) } == "1995-08-14T04:00:00Z")
        #expect(parsed.expires.map { $0.formatted(.iso8601) } == "2025-08-13T04:00:00Z")
    }

    @Test("referral forms and not-found answers")
    func referrals() {
        #expect(WHOISText.parse("ReferralServer: whois://whois.ripe.net\n").referral == "whois.ripe.net")
        #expect(WHOISText.parse("ReferralServer: rwhois://rwhois.example.net:4321\n").referral == nil)
        #expect(WHOISText.parse("refer:        whois.verisign-grs.com\n").referral == "whois.verisign-grs.com")
        #expect(WHOISText.parse("refer: evil.example; rm -rf /\n").referral == nil)
        #expect(WHOISText.parse("No match for \"NOPE.COM\".\r\n").notFound)
        #expect(WHOISText.parse("%ERROR:101: no entries found\n").notFound)
        #expect(!WHOISText.parse("").notFound)
    }

    @Test("an RDAP domain answer")
    func rdapDomain() throws {
        let json = try JSONDecoder().decode(JSONValue.self, from: Data("""
        {"ldhName": "EXAMPLE.COM", "status": ["client transfer prohibited", "active"],
         "events": [{"eventAction": "registration", "eventDate": "1995-08-14T04:00:00Z"},
                    {"eventAction": "expiration", "eventDate": "2025-08-13T04:00:00Z"}],
         "nameservers": [{"ldhName": "A.IANA-SERVERS.NET."}],
         "secureDNS": {"delegationSigned": false},
         "entities": [{"roles": ["registrar"], "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Registrar X"]]],
                       "entities": [{"roles": ["abuse"], "vcardArray": ["vcard", [["email", {}, "text", "abuse@x.example"],
                                                                                  ["tel", {}, "uri", "tel:+1.555"]]]}]}]}
        """.utf8))
        let parsed = RDAPDocument.parse(json)
        #expect(parsed.domain == "example.com")
        #expect(parsed.statuses == ["clientTransferProhibited", "active"])
        #expect(parsed.nameServers == ["a.iana-servers.net"])
        #expect(parsed.dnssec == "unsigned")
        #expect(parsed.registrar == "Registrar X")
        #expect(parsed.abuseEmail == "abuse@x.example")
        #expect(parsed.abusePhone == "+1.555")
        #expect(parsed.created != nil && parsed.expires != nil)
    }

    @Test("hostile RDAP shapes are absent fields, not crashes")
    func rdapHostile() throws {
        for text in [#"[]"#, #"{"events": "x", "entities": [1, null, {"vcardArray": ["vcard", [[1, 2]]]}]}"#,
                     #"{"nameservers": [{"ldhName": 5}], "secureDNS": [], "status": [1, "x"]}"#] {
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            _ = RDAPDocument.parse(json)
        }
        var nested: JSONValue = .object(["roles": .array([.string("abuse")])])
        for _ in 0..<50 { nested = .object(["roles": .array([]), "entities": .array([nested])]) }
        #expect(RDAPDocument.parse(.object(["entities": .array([nested])])).abuseEmail == nil)
    }

    @Test("targets and options are checked")
    func validation() throws {
        let probe = try WHOISProbe()
        for bad in ["", "exa mple.com", "a..b", "http://x"] {
            #expect(throws: ValidationError.self, "\(bad)") { try probe.validate(target: bad, options: WHOISOptions()) }
        }
        try probe.validate(target: "AS64500", options: WHOISOptions())
        try probe.validate(target: "2001:db8::1", options: WHOISOptions())
        // A protocol outside the enumeration is refused where options are decoded, naming the field.
        let unknownProtocol = #expect(throws: ValidationError.self) {
            try ProbeRunner(probe, kind: "whois").prepare(target: "example.com", timeout: 5, config: .object(["protocol": .string("gopher")]))
        }
        #expect(unknownProtocol?.issues.first?.field == "config.protocol")
        #expect(unknownProtocol?.issues.first?.allowedValues == ["auto", "rdap", "whois"])
        let badOptions = [WHOISOptions(server: "whois.example:99999"),
                          WHOISOptions(server: "a b"), WHOISOptions(maxReferrals: 9), WHOISOptions(expiryWarningDays: 0),
                          WHOISOptions(protocol: .rdap, server: "whois.example.net")]
        for options in badOptions {
            #expect(throws: ValidationError.self) { try probe.validate(target: "example.com", options: options) }
        }
        #expect(throws: ConfigurationError.self) { try WHOISProbe(configuration: WHOISConfiguration(rdapServers: ["test": "ftp://x"])) }
    }
}
