import Foundation
import Kernel
import Testing

@Suite("vantage command line")
struct CLITests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-cli-\(UUID())")

    func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func configCheckAcceptsTheDefaultFile() async throws {
        let outcome = try await Executables.run(try Executables.path("vantage"), ["config", "check", "Plugins.json"], directory: Executables.packageRoot)
        #expect(outcome.status == 0)
        // Every plugin the default file lists, in its order, with its instance name.
        let file = try JSONValue.parse(Data(contentsOf: Executables.packageRoot.appendingPathComponent("Plugins.json")))
        let listed = (file.objectValue?["plugins"]?.arrayValue ?? []).compactMap { $0.objectValue?["plugin"]?.stringValue }
        #expect(listed.count >= 3)
        let expected = listed.map { "\($0)/\($0.split(separator: ".").last ?? "")" }.joined(separator: ", ")
        #expect(outcome.stdout.contains("Plugins.json: valid; enabled plugins: \(expected)"), "\(outcome.stdout)")
    }

    @Test(arguments: [
        (#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"probe.tpc"}]}"#, "$.plugins[1].plugin: unknown plugin 'probe.tpc' (allowed: \(PluginFolders.ids.joined(separator: ", ")))"),
        (#"{"plugins":[{"plugin":"store.sqlite","config":{"path":3}}]}"#, "$.plugins[0].config.path: expected a string, found a number"),
        (#"{"plugins":[{"plugin":"store.sqlite","config":{"wal":true}}]}"#, "$.plugins[0].config.wal: unknown key 'wal'"),
        (#"{"server":{"listen":"localhost"},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.jwt"}]}"#, "$.server.listen: expected host:port"),
        (#"{"plugins":[{"plugin":"probe.tcp"},{"plugin":"auth.jwt"}]}"#, "$.plugins: exactly one store plugin must be enabled, found 0 (allowed: \(PluginFolders.ids("store.").joined(separator: ", ")))"),
        (#"{"plugins":[{"plugin":"store.sqlite"}]}"#, "$.plugins: no authenticator is enabled: every API route needs one (allowed: \(PluginFolders.ids("auth.").joined(separator: ", ")))"),
        (#"{"plugins": [}"#, "$: not valid JSON"),
    ])
    func configCheckNamesTheFilePathAndAllowedValues(_ json: String, _ message: String) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try write("bad.json", json)
        let outcome = try await Executables.run(try Executables.path("vantage"), ["config", "check", file])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("\(file): \(message)"), "stderr: \(outcome.stderr)")
    }

    @Test func serveRefusesABadConfigurationBeforeStarting() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try write("bad.json", #"{"plugins":[{"plugin":"store.sqlite","config":{"busyTimeoutMilliseconds":-5}},{"plugin":"auth.jwt"}]}"#)
        let outcome = try await Executables.run(try Executables.path("vantage"), ["serve", "--config", file])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("$.plugins[0].config.busyTimeoutMilliseconds"))
    }

    @Test func pluginsListsWhatIsCompiledInAndEnabled() async throws {
        let outcome = try await Executables.run(try Executables.path("vantage"), ["plugins", "--json"], directory: Executables.packageRoot)
        #expect(outcome.status == 0)
        guard case .array(let plugins) = try JSONValue.parse(Data(outcome.stdout.utf8)) else {
            Issue.record("not an array: \(outcome.stdout)")
            return
        }
        let ids = plugins.compactMap { $0.objectValue?["id"] }
        #expect(ids == PluginFolders.ids.map(JSONValue.string), "every plugin folder is compiled in, and nothing else")
        #expect(PluginFolders.ids.count >= 13)
        // Everything is enabled in the default Plugins.json except the second store.
        #expect(plugins.filter { $0.objectValue?["enabled"] != .bool(true) }.compactMap { $0.objectValue?["id"] } == [.string("store.postgres")])
    }

    @Test func probeTCPPrintsTheAPIResultObjectAndExitsByStatus() async throws {
        let listener = try TCPTarget()
        let port = listener.port
        let up = try await Executables.run(try Executables.path("vantage"), ["probe", "tcp", "127.0.0.1:\(port)", "--json"])
        #expect(up.status == 0)
        let result = try JSONValue.parse(Data(up.stdout.utf8))
        #expect(result.objectValue?["kind"] == .string("tcp"))
        #expect(result.objectValue?["result"]?.objectValue?["status"] == .string("up"))
        listener.close()
        let down = try await Executables.run(try Executables.path("vantage"), ["probe", "tcp", "127.0.0.1:\(port)"])
        #expect(down.status == 2)
        #expect(down.stdout.contains("down (refused: connection refused by 127.0.0.1:\(port))"))
    }

    @Test func probeRunsAsTheConfigurationSaysOrRefuses() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let listener = try TCPTarget()
        defer { listener.close() }
        let vantage = try Executables.path("vantage")
        let target = "127.0.0.1:\(listener.port)"
        let core = #"{"plugin":"store.sqlite"},{"plugin":"auth.jwt"}"#
        // The probe's policy in the file applies on the command line as it does in serve.
        let denying = try write("deny.json", #"{"plugins":[\#(core),{"plugin":"probe.tcp","config":{"deny":["127.0.0.0/8"]}}]}"#)
        let denied = try await Executables.run(vantage, ["probe", "tcp", target, "--config", denying])
        #expect(denied.status == 64)
        #expect(denied.stderr.contains("target: 127.0.0.1 is in 127.0.0.0/8"), "stderr: \(denied.stderr)")
        // A probe the file disables does not run.
        let disabling = try write("off.json", #"{"plugins":[\#(core),{"plugin":"probe.tcp","enabled":false}]}"#)
        let disabled = try await Executables.run(vantage, ["probe", "tcp", target, "--config", disabling])
        #expect(disabled.status == 64)
        #expect(disabled.stderr.contains("KIND: the probe 'tcp' (probe.tcp) is disabled in \(disabling)"), "stderr: \(disabled.stderr)")
        // A file named with --config must exist; without one the probe runs with its defaults.
        let missing = try await Executables.run(vantage, ["probe", "tcp", target, "--config", directory.appendingPathComponent("none.json").path])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("none.json: $: cannot read the file"), "stderr: \(missing.stderr)")
        let plain = try await Executables.run(vantage, ["probe", "tcp", target], directory: directory)
        #expect(plain.status == 0, "stderr: \(plain.stderr)")
    }

    @Test func eachProbeBringsItsOwnFlags() async throws {
        let vantage = try Executables.path("vantage")
        let listing = try await Executables.run(vantage, ["plugins", "--flags"], directory: Executables.packageRoot)
        #expect(listing.status == 0)
        #expect(listing.stdout.contains("-c, --count VALUE  Echo requests to send (option `count`)."), "\(listing.stdout)")
        let misplaced = try await Executables.run(vantage, ["probe", "tcp", "127.0.0.1:1", "-c", "3"])
        #expect(misplaced.status == 64)
        #expect(misplaced.stderr.contains("-c: only the icmp, mtr and mtr_ssh probes take -c"), "stderr: \(misplaced.stderr)")
        let badValue = try await Executables.run(vantage, ["probe", "ping", "127.0.0.1", "-c", "many"])
        #expect(badValue.status == 64)
        #expect(badValue.stderr.contains("--count: expected a whole number, found 'many'"), "stderr: \(badValue.stderr)")
    }

    @Test(arguments: [
        (["probe", "tcp", "no-port"], "target:"),
        (["probe", "gopher", "x"], "KIND: unknown probe kind 'gopher' (allowed: dns, http, https, icmp, mtr, mtr_ssh, ping, push, tcp, tls, traceroute, whois)"),
        (["probe", "tcp", "a:1", "--timeout", "0"], "--timeout:"),
        (["probe", "tcp", "a:1", "--options", "{\"family\":\"ipv7\"}"], "config.family: 'ipv7' is not an allowed value (allowed: any, ipv4, ipv6)"),
    ])
    func probeRefusesBadInputClearly(_ arguments: [String], _ message: String) async throws {
        let outcome = try await Executables.run(try Executables.path("vantage"), arguments)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(message), "stderr: \(outcome.stderr)")
    }
}
