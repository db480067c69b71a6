import CollectorProcfs
import Foundation
import Kernel
import Testing

/// collector.procfs's sample.json decodes strictly; a bad root is refused with the reason.
struct SampleConfigurationTests {
    @Test func sample() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Collectors/Procfs/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        #expect(sample["plugin"]?.objectValue?["plugin"] == .string(ProcfsCollector.id.rawValue))
        let configuration = try StrictDecoder.decode(ProcfsConfiguration.self, from: sample["plugin"]?.objectValue?["config"] ?? .null)
        #expect(configuration == ProcfsConfiguration(root: "/", processes: true))
    }

    @Test(arguments: [JSONValue.object(["root": .string("proc")]), .object(["root": .string("/host/../etc")]),
                      .object(["processes": .string("yes")]), .object(["interval": .number(10)])])
    func badConfiguration(_ bad: JSONValue) {
        #expect(throws: (any Error).self) { try StrictDecoder.decode(ProcfsConfiguration.self, from: bad) }
    }

    @Test("root reads /proc and /etc under another directory, as with the host's root mounted in a container")
    func rootInAContainer() async throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../ProcSupportTests/Fixtures/debian12").standardized.path
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-root-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/proc/42", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        for (fixture, path) in [("stat", "/proc/stat"), ("meminfo", "/proc/meminfo"), ("os-release", "/etc/os-release")] {
            try FileManager.default.copyItem(atPath: fixtures + "/" + fixture, toPath: root + path)
        }
        try "42 (worker) S 1 42 42 0 -1 4194560 1454 3215 0 0 300 70 2 1 20 0 1 0 1598 15491072 2285 18446744073709551615\n"
            .write(toFile: root + "/proc/42/stat", atomically: true, encoding: .utf8)
        let configuration = try StrictDecoder.decode(ProcfsConfiguration.self, from: .object(["root": .string(root + "/")]))
        let snapshot = try await ProcfsCollector(configuration: configuration).snapshot()
        let meminfo = try String(contentsOfFile: fixtures + "/meminfo", encoding: .utf8)
        let total = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }?.split(separator: " ")[1])
        #expect(snapshot.samples.first { $0.name == "memory_total_bytes" }?.value == Double(total)! * 1024)
        #expect(snapshot.processes.map(\.name) == ["worker"])
        #expect(snapshot.system.osID == "debian" && snapshot.system.kernel == nil)
        #expect(!snapshot.samples.contains { $0.name.hasPrefix("network_") }, "no /proc/net/dev under the root")
    }
}
