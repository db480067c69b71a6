import Testing
@testable import ProbeDNS

@Suite("DNS wire format")
struct DNSWireTests {
    private func name(_ text: String) -> DNSName { try! DNSName(parsing: text) }

    @Test("every record type survives an encode and decode, with names compressed")
    func roundTrip() throws {
        let soa = DNSRecordData.SOA(primary: name("ns1.example.test"), responsible: name("hostmaster.example.test"),
                                    serial: 7, refresh: 3600, retry: 900, expire: 604_800, minimum: 60)
        let owner = name("example.test")
        let records: [DNSRecord] = [
            DNSRecord(name: owner, type: .a, ttl: 300, data: .ipv4([192, 0, 2, 10])),
            DNSRecord(name: owner, type: .aaaa, ttl: 300, data: .ipv6([0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [0x10])),
            DNSRecord(name: name("www.example.test"), type: .cname, ttl: 60, data: .name(name("alias.example.test"))),
            DNSRecord(name: owner, type: .mx, ttl: 300, data: .mailExchange(preference: 10, exchange: name("mail.example.test"))),
            DNSRecord(name: owner, type: .ns, ttl: 300, data: .name(name("ns1.example.test"))),
            DNSRecord(name: owner, type: .txt, ttl: 300, data: .text([Array("v=spf1 -all".utf8), Array("two \"quoted\"".utf8)])),
            DNSRecord(name: owner, type: .soa, ttl: 300, data: .startOfAuthority(soa)),
            DNSRecord(name: name("_sip._tcp.example.test"), type: .srv, ttl: 300,
                      data: .service(priority: 10, weight: 60, port: 5060, target: name("sip.example.test"))),
            DNSRecord(name: owner, type: .caa, ttl: 300, data: .certificationAuthority(flags: 0, tag: "issue", value: Array("ca.test".utf8))),
            DNSRecord(name: name("10.2.0.192.in-addr.arpa"), type: .ptr, ttl: 300, data: .name(owner)),
            DNSRecord(name: owner, type: .dnskey, ttl: 300, data: .dnsKey(flags: 257, protocol: 3, algorithm: 13, publicKey: Array(0..<64))),
            DNSRecord(name: owner, type: .ds, ttl: 300, data: .delegationSigner(keyTag: 12345, algorithm: 13, digestType: 2,
                                                                              digest: Array(repeating: 0xAB, count: 32))),
            DNSRecord(name: owner, type: DNSRecordType(rawValue: 65280), ttl: 1, data: .unknown([1, 2, 3])),
        ]
        var flags = DNSFlags(rawValue: 0)
        flags.isResponse = true
        flags.authoritative = true
        let message = DNSMessage(id: 0xBEEF, flags: flags, questions: [DNSQuestion(name: owner, type: .a)],
                                 answers: records, edns: EDNS(udpPayloadSize: 1232, dnssecOK: true))
        let bytes = message.encoded()
        let firstAnswer = 12 + owner.wireLength + 4
        #expect(Array(bytes[firstAnswer..<firstAnswer + 2]) == [0xC0, 12], "the first answer's owner should point at the question")
        let decoded = try DNSMessage(decoding: bytes)
        #expect(decoded == message)
        #expect(decoded.flags.names == ["qr", "aa"])
        #expect(decoded.edns?.dnssecOK == true)
    }

    @Test("presentation matches dig's")
    func presentation() {
        #expect(DNSRecordData.ipv6([0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [0x10]).presentation == "2001:db8::10")
        #expect(DNSRecordData.text([Array("a \"b\"".utf8), [0x07]]).presentation == #""a \"b\"" "\007""#)
        #expect(DNSRecordData.mailExchange(preference: 10, exchange: name("mail.example.test")).presentation == "10 mail.example.test.")
        #expect(DNSRecordData.dnsKey(flags: 257, protocol: 3, algorithm: 13, publicKey: [1, 2, 3, 4]).presentation == "257 3 13 AQIDBA==")
        #expect(DNSRecordData.unknown([0xDE, 0xAD]).presentation == "\\# 2 dead")
        #expect(name("MAIL.Example.TEST.").description == "MAIL.Example.TEST.")
        #expect(name("mail.example.test") == name("MAIL.EXAMPLE.TEST."))
        #expect(DNSName.reverse(addressBytes: [192, 0, 2, 10])?.description == "10.2.0.192.in-addr.arpa.")
        #expect(DNSName.reverse(addressBytes: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1])?.description
                == "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.")
    }

    @Test("the key tag of a DNSKEY follows RFC 4034 appendix B")
    func keyTag() {
        // The root zone's KSK-2017 (key tag 20326).
        let key = "AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU="
        #expect(DNSRecordData.dnsKey(flags: 257, protocol: 3, algorithm: 8, publicKey: Self.base64(key)).keyTag == 20326)
    }

    @Test("names given as text are checked")
    func nameParsing() {
        for bad in ["", "a..b", ".example.test", String(repeating: "a", count: 64) + ".test", "exa mple.test", "bücher.test",
                    Array(repeating: "abcdefghij", count: 26).joined(separator: ".")] {
            #expect(throws: DNSNameError.self, "\(bad)") { try DNSName(parsing: bad) }
        }
        #expect((try? DNSName(parsing: "."))?.labels.isEmpty == true)
        #expect((try? DNSName(parsing: "_sip._tcp.example.test."))?.labels.count == 4)
    }

    static func base64(_ text: String) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var bits: UInt32 = 0, count = 0
        var out: [UInt8] = []
        for character in text.utf8 where character != UInt8(ascii: "=") {
            bits = bits << 6 | UInt32(alphabet.firstIndex(of: character)!)
            count += 6
            if count >= 8 { count -= 8; out.append(UInt8((bits >> UInt32(count)) & 0xFF)) }
        }
        return out
    }
}

@Suite("DNS transport helpers")
struct DNSTransportHelperTests {
    @Test("the kernel receive timestamp is read from its control message")
    func receiveTimestamp() {
        func message(level: Int32, type: Int32, seconds: Int64, nanoseconds: Int64) -> [UInt8] {
            var bytes: [UInt8] = withUnsafeBytes(of: 32) { Array($0) }
            bytes += withUnsafeBytes(of: level) { Array($0) }
            bytes += withUnsafeBytes(of: type) { Array($0) }
            bytes += withUnsafeBytes(of: seconds) { Array($0) }
            bytes += withUnsafeBytes(of: nanoseconds) { Array($0) }
            return bytes
        }
        let stamp = message(level: 1, type: 35, seconds: 1_700_000_000, nanoseconds: 123)
        #expect(DNSExchange.timestamp(in: stamp[...]) == 1_700_000_000_000_000_123)
        let other = message(level: 0, type: 8, seconds: 1, nanoseconds: 1)
        #expect(DNSExchange.timestamp(in: (other + stamp)[...]) == 1_700_000_000_000_000_123)
        #expect(DNSExchange.timestamp(in: other[...]) == 0)
        #expect(DNSExchange.timestamp(in: Array(stamp.prefix(20))[...]) == 0)
        #expect(DNSExchange.timestamp(in: ([0, 0, 0, 0, 0, 0, 0, 0] + Array(stamp.dropFirst(8)))[...]) == 0)
    }
}
