import Foundation
import Kernel
import Testing
@testable import ProbeDNS

/// probe.dns's sample.json decodes strictly and its monitor validates.
struct DNSSampleConfigurationTests {
    @Test func sample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/DNS/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        let configuration = try StrictDecoder.decode(DNSProbe.Configuration.self, from: sample["plugin"]?["config"] ?? .emptyObject)
        #expect(configuration.deny == ["169.254.0.0/16"])
        let monitor = try #require(sample["monitor"]?.objectValue)
        let options = try StrictDecoder.decode(DNSOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.servers.count == 2)
        #expect(options.expectAnswers?.anyOf?.count == 2)
        #expect(options.alertOnChange)
        try DNSProbe(configuration: configuration).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }

    @Test("bad options name their field")
    func badOptions() throws {
        let probe = try DNSProbe()
        let cases: [(String, DNSOptions, String)] = [
            ("example.test", DNSOptions(type: "AXFR"), "config.type"),
            ("example.test", DNSOptions(servers: ["1.2.3.4:0"]), "config.servers[0]"),
            ("example.test", DNSOptions(servers: ["[::1"]), "config.servers[0]"),
            ("example.test", DNSOptions(servers: ["bad host"]), "config.servers[0]"),
            ("example.test", DNSOptions(bufferSize: 100), "config.bufferSize"),
            ("example.test", DNSOptions(dnssec: true, edns: false), "config.dnssec"),
            ("example.test", DNSOptions(attempts: 0), "config.attempts"),
            ("example.test", DNSOptions(expectRcode: ["NOPE"]), "config.expectRcode[0]"),
            ("example.test", DNSOptions(expectAnswers: .init(contains: ["a"], equals: ["b"])), "config.expectAnswers"),
            ("example..test", DNSOptions(), "target"),
            (String(repeating: "a", count: 64) + ".test", DNSOptions(), "target"),
        ]
        for (target, options, field) in cases {
            do {
                try probe.validate(target: target, options: options)
                Issue.record("\(field) accepted")
            } catch let error as ValidationError {
                #expect(error.issues.first?.field == field)
            }
        }
        // A transport outside the enumeration is refused where options are decoded, naming the field.
        let transport = #expect(throws: ValidationError.self) {
            try ProbeRunner(probe, kind: "dns").prepare(target: "example.test", timeout: 5, config: .object(["transport": .string("quic")]))
        }
        #expect(transport?.issues.first?.field == "config.transport")
        #expect(transport?.issues.first?.allowedValues == ["udp", "tcp"])
        #expect(throws: ConfigurationError.self) { try DNSProbe(configuration: .init(deny: ["10.0.0.0/33"])) }
    }

    @Test("resolv.conf: nameservers in order, scope ids dropped, at most three")
    func resolvConf() {
        let servers = ResolvConf.servers(parsing: """
        # comment
        search example.net
        nameserver 192.0.2.1
        nameserver fe80::1%eth0
        options timeout:2
        nameserver 192.0.2.2
        nameserver 192.0.2.3
        nameserver not-an-address
        """)
        #expect(servers.map(\.description) == ["192.0.2.1:53", "[fe80::1]:53", "192.0.2.2:53"])
    }
}
