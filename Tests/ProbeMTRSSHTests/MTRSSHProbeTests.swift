import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Logging
import ProbeMTRSSH
import SSHSupport
import Testing

/// probe.mtr_ssh against a private sshd on loopback, running the real mtr of this machine.
@Suite("probe.mtr_ssh", .serialized)
struct MTRSSHProbeTests {
    /// A store with one host of `tenant` for the fixture's `user`, and the probe over it.
    struct Setup {
        let store = InMemoryHostStore()
        let tenant = TenantID.random()
        let host: RemoteHost
        let probe: MTRSSHProbe
        let runner: ProbeRunner

        init(_ server: SSHDFixture, user: String = "vssh-ed25519", hostKey: String? = nil) throws {
            self.init(address: server.address, port: server.port, user: user, key: try server.privateKey("ed25519"), hostKey: hostKey)
        }

        /// A host record that is never connected to.
        init() {
            self.init(address: "127.0.0.1", port: 22, user: "nobody", key: "-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----", hostKey: nil)
        }

        init(address: String, port: Int, user: String, key: String, hostKey: String?) {
            host = RemoteHost(tenantID: tenant, name: "origin-\(user)", address: address, port: port, username: user,
                              credentials: .object(["privateKey": .string(key)]), hostKey: hostKey, location: "loopback")
            probe = MTRSSHProbe(hosts: RemoteHostDirectory(repository: store.hosts, sealer: nil, keyDirectory: nil))
            runner = ProbeRunner(probe, kind: "mtr_ssh")
        }

        func run(_ target: String = "127.0.0.1", config: [String: JSONValue] = [:], timeout: Double = 20, tenant: TenantID? = nil) async throws -> ProbeResult {
            try await store.hosts.create(host, tenant: self.tenant)
            var options: [String: JSONValue] = ["host": .string(host.id.description), "count": .number(2), "wait": .number(0.5)]
            options.merge(config) { $1 }
            let prepared = try runner.prepare(target: target, timeout: timeout, config: .object(options), tenant: tenant ?? self.tenant)
            return try await prepared.run(logger: Logger(label: "test"))
        }
    }

    @Test("traces from the host: one hop to 127.0.0.1, in the shared hop model, and the host key pinned on first use")
    func tracesFromTheHost() async throws {
        let server = try await SSHDFixture.shared()
        let setup = try Setup(server)
        let result = try await setup.run()
        #expect(result.status == .up, "\(result)")
        let hops = try #require(result.details.objectValue?["hops"]?.arrayValue)
        #expect(hops.count == 1)
        #expect(hops.first?.objectValue?["responders"]?.arrayValue?.first?.objectValue?["address"] == .string("127.0.0.1"))
        #expect(hops.first?.objectValue?["sent"] == .number(2))
        #expect(result.details.objectValue?["origin"]?.objectValue?["name"] == .string("origin-vssh-ed25519"))
        #expect(result.details.objectValue?["report"]?.objectValue?["hubs"]?.arrayValue?.count == 1)
        #expect(result.metrics["loss_ratio"] == 0)
        #expect(result.metrics["hops"] == 1)
        #expect(try await setup.store.hosts.get(setup.host.id, tenant: setup.tenant)?.hostKey == (try await server.hostFingerprint()))
    }

    @Test("a host without mtr on its PATH is down with mtr_not_installed")
    func hostWithoutMTR() async throws {
        let setup = try Setup(try await SSHDFixture.shared(), user: "vssh-nomtr")
        let result = try await setup.run()
        #expect(result.status == .down)
        #expect(result.failure?.code == "mtr_not_installed", "\(result)")
    }

    @Test("a pinned key the server does not present is refused, naming the key it presented")
    func changedHostKey() async throws {
        let server = try await SSHDFixture.shared()
        let setup = try Setup(server, hostKey: "SHA256:" + String(repeating: "A", count: 43))
        let result = try await setup.run()
        #expect(result.failure?.code == "ssh_host_key_changed", "\(result)")
        #expect(result.details.objectValue?["presentedHostKey"] == .string(try await server.hostFingerprint()))
    }

    @Test("another tenant's host is not found, and a run without a tenant is refused")
    func tenantScope() async throws {
        let setup = try Setup(try await SSHDFixture.shared())
        #expect(try await setup.run(tenant: TenantID.random()).failure?.code == "host_not_found")
        let noTenant = try setup.runner.prepare(target: "127.0.0.1", timeout: 20, config: .object(["host": .string(setup.host.id.description)]))
        #expect(try await noTenant.run(logger: Logger(label: "test")).failure?.code == "no_tenant")
    }

    @Test("a timeout shorter than the rounds take is refused at run time with timeout_too_short")
    func timeoutTooShort() async throws {
        let setup = try Setup(try await SSHDFixture.shared())
        let result = try await setup.run(config: ["count": .number(10), "interval": .number(1)], timeout: 5)
        #expect(result.failure?.code == "timeout_too_short")
    }

    @Test(arguments: ["1.1.1.1;touch /tmp/x", "$(id)", "-oProxyCommand=touch /tmp/x", "a b", "a\nb", "'quoted'", "\"q\"", "x`id`", "", "169.254.169.254"])
    func hostileTargetsAreRefusedNamingTheField(_ target: String) throws {
        let setup = Setup()
        do {
            _ = try setup.runner.prepare(target: target, timeout: 20, config: .object(["host": .string(setup.host.id.description)]))
            Issue.record("\(target) was accepted")
        } catch let error as ValidationError {
            #expect(error.issues.first?.field == "target", "\(error)")
        }
    }

    @Test("options are strict and name the field")
    func options() throws {
        let setup = Setup()
        for (config, field) in [(["host": JSONValue.string("nope")], "config.host"), ([:], "config.host"),
                                (["host": .string(setup.host.id.description), "count": .number(0)], "config.count"),
                                (["host": .string(setup.host.id.description), "method": .string("sctp")], "config.method"),
                                (["host": .string(setup.host.id.description), "port": .number(80)], "config.port"),
                                (["host": .string(setup.host.id.description), "interval": .number(0.2)], "config.interval"),
                                (["host": .string(setup.host.id.description), "colour": .bool(true)], "config.colour")] {
            do {
                _ = try setup.runner.prepare(target: "127.0.0.1", timeout: 20, config: .object(config))
                Issue.record("\(config) was accepted")
            } catch let error as ValidationError {
                #expect(error.issues.first?.field == field, "\(config): \(error)")
            }
        }
    }

    @Test("the command is an argument vector ending the options before the target")
    func commandLine() throws {
        let options = MTRSSHOptions(host: RemoteHostID.random().description, method: .tcp, family: .ipv6, count: 3, interval: 1.5, port: 443)
        let arguments = MTRSSHProbe.commandArguments(target: "example.net", options: options)
        #expect(arguments == ["mtr", "--json", "-c", "3", "-i", "1.5", "-m", "30", "-G", "2", "-n", "-T", "-P", "443", "-6", "--", "example.net"])
        #expect(try ShellQuoting.commandLine(arguments).hasSuffix("'--' 'example.net'"))
    }
}
