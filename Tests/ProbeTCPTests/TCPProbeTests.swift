import Foundation
import Kernel
import KernelTesting
import Logging
import ProbeTCP
import Testing

@Suite("probe.tcp against real sockets")
struct TCPProbeTests {
    let probe = TCPProbe()

    func run(_ target: String, timeout: Double = 2, options: TCPProbe.Options = .init()) async throws -> ProbeResult {
        try probe.validate(target: target, options: options)
        return try await probe.run(ProbeRequest(target: target, timeout: timeout, options: options, logger: Logger(label: "test")))
    }

    @Test func upOverIPv4WithConnectTime() async throws {
        let listener = try Listener(address: "127.0.0.1")
        defer { listener.close() }
        let result = try await run("127.0.0.1:\(listener.port)")
        #expect(result.status == .up)
        #expect((result.latency ?? 0) > 0)
        #expect(result.metrics["connect_seconds"] == result.latency)
        #expect(result.details == .object(["address": .string("127.0.0.1"), "family": .string("ipv4")]))
    }

    @Test func upOverIPv6() async throws {
        let listener = try Listener(address: "::1")
        defer { listener.close() }
        let result = try await run("[::1]:\(listener.port)", options: .init(family: .ipv6))
        #expect(result.status == .up)
        #expect(result.details == .object(["address": .string("::1"), "family": .string("ipv6")]))
    }

    @Test func refusedWhenNothingListens() async throws {
        let listener = try Listener(address: "127.0.0.1")
        let port = listener.port
        listener.close()
        let result = try await run("127.0.0.1:\(port)")
        #expect(result.status == .down)
        #expect(result.failure?.code == "refused")
        #expect(result.failure?.message == "connection refused by 127.0.0.1:\(port)")
    }

    @Test func timeoutWhenSYNsAreDropped() async throws {
        let listener = try Listener(address: "127.0.0.1", backlog: 0)
        defer { listener.close() }
        listener.fillAcceptQueue()
        let result = try await run("127.0.0.1:\(listener.port)", timeout: 0.3)
        #expect(result.status == .down)
        #expect(result.failure?.code == "timeout")
    }

    @Test func nameNotResolved() async throws {
        let unknown = try await run("no-such-host.invalid:80")
        #expect(unknown.failure?.code == "name_not_resolved")
        let wrongFamily = try await run("127.0.0.1:80", options: .init(family: .ipv6))
        #expect(wrongFamily.failure?.code == "name_not_resolved")
    }

    @Test func degradedAboveTheThreshold() async throws {
        let listener = try Listener(address: "127.0.0.1")
        defer { listener.close() }
        let result = try await run("127.0.0.1:\(listener.port)", options: .init(degradedAfter: 0.000_000_1))
        #expect(result.status == .degraded)
        #expect(result.failure?.code == "slow")
    }

    @Test(arguments: ["example.com:443", "[::1]:22", "10.0.0.1:1", "a-b.c_d.example:65535", "localhost.:80", "  example.com:80\t",
                      "[2001:DB8::a]:8080", String(repeating: "a", count: 63) + ".com:80"])
    func acceptsTargets(_ target: String) throws {
        #expect(throws: Never.self) { try HostPort(parsing: target) }
    }

    @Test(arguments: ["example.com", "example.com:0", "example.com:65536", ":80", "a b:80", "::1:80", "-bad.example:80",
                      "x..y:80", "example.com:http", String(repeating: "a", count: 64) + ".com:80",
                      "bad-.example:80", "é.example:80", "[::1]80", "[::1]", ".example:80", "example..:80", "[fe80::g]:80",
                      String(repeating: "a.", count: 127) + "ab:80"])
    func refusesTargetsNamingTheField(_ target: String) {
        #expect(throws: ValidationError.self) { try HostPort(parsing: target) }
        do {
            _ = try HostPort(parsing: target)
        } catch let error as ValidationError {
            #expect(error.issues.first?.field == "target")
        } catch {}
    }

    @Test func refusesABadThreshold() {
        #expect(throws: ValidationError.self) { try probe.validate(target: "a:1", options: .init(degradedAfter: -1)) }
    }

    @Test func theEgressPolicyRefusesLinkLocalAndTheConfiguredNetworks() async throws {
        #expect(throws: ValidationError.self) { try probe.validate(target: "169.254.169.254:80", options: .init()) }
        #expect(throws: ValidationError.self) { try probe.validate(target: "[::ffff:169.254.169.254]:80", options: .init()) }
        let denying = TCPProbe(configuration: TCPConfiguration(deny: [NetworkPrefix("127.0.0.0/8")!]))
        #expect(throws: ValidationError.self) { try denying.validate(target: "127.0.0.1:22", options: .init()) }
        let named = try await denying.run(ProbeRequest(target: "localhost:1", timeout: 2, options: .init(family: .ipv4), logger: Logger(label: "test")))
        #expect(named.failure?.code == "refused_by_policy", "a name is checked once resolved: \(String(describing: named.failure))")
        let metadata = TCPProbe(configuration: TCPConfiguration(allow: [NetworkPrefix("0.0.0.0/0")!, NetworkPrefix("169.254.169.254")!]))
        try metadata.validate(target: "169.254.169.254:80", options: .init())
    }

    @Test func sampleConfigurationDecodes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/TCP/sample.json").standardized
        guard case .object(let sample) = try JSONValue.parse(Data(contentsOf: url)) else {
            Issue.record("sample.json is not an object")
            return
        }
        let plugin = try #require(sample["plugin"])
        let configuration = try StrictDecoder.decode(TCPConfiguration.self, from: plugin.objectValue?["config"] ?? .emptyObject)
        #expect(configuration.deny == [NetworkPrefix("10.0.0.0/8")!])
        let monitor = try #require(sample["monitor"]?.objectValue)
        let options = try StrictDecoder.decode(TCPProbe.Options.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.degradedAfter == 0.5)
        if case .string(let target)? = monitor["target"] { try probe.validate(target: target, options: options) }
    }
}
