import AsyncHTTPClient
import Foundation
import HostKit
import Kernel
import KernelTesting
import Logging
import NIOCore
import NIOHTTP1
import ProbeTCP
import StoreSQLite

/// A real Vantage host on a free loopback port with a temporary SQLite database, and an
/// HTTP client for it.
struct TestHost {
    let directory: URL
    let host: VantageHost
    let port: Int
    private let task: Task<Void, any Error>

    static let catalog = try! PluginCatalog([.store(SQLiteStore.self), .probe(TCPProbe.self), .probe(ScriptedProbe.self)])

    static func start(maxBodyBytes: Int = 1 << 20, rateLimits: [RateLimitRule] = RateLimitRule.defaults,
                      cors: CORSSettings = .init(), extraPlugins: [PluginEntry] = []) async throws -> TestHost {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-host-\(UUID())")
        let configuration = VantageConfiguration(
            server: ServerSettings(listen: "127.0.0.1:0", dataDirectory: directory.path, maxBodyBytes: maxBodyBytes,
                                   rateLimits: rateLimits, cors: cors),
            scheduler: SchedulerSettings(flushIntervalMilliseconds: 20),
            plugins: [PluginEntry(plugin: "store.sqlite"), PluginEntry(plugin: "probe.tcp")] + extraPlugins)
        try ConfigurationLoader(catalog: catalog).validate(configuration)
        var logger = Logger(label: "test-host")
        logger.logLevel = .critical
        let host = try await VantageHost.assemble(configuration: configuration, catalog: catalog, logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await host.run(signals: []) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw POSIXError(.EADDRNOTAVAIL) }
        return TestHost(directory: directory, host: host, port: port, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: directory)
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
        var json: JSONValue? { try? JSONValue.parse(Data(body.utf8)) }

        /// The member at a dotted path (`errors.0.field`).
        func value(_ path: String) -> JSONValue? {
            var current = json
            for part in path.split(separator: ".") {
                if let index = Int(part), case .array(let elements)? = current {
                    current = elements.indices.contains(index) ? elements[index] : nil
                } else {
                    current = current?.objectValue?[String(part)]
                }
            }
            return current
        }

        func string(_ path: String) -> String? {
            if case .string(let text)? = value(path) { return text }
            return nil
        }
    }

    @discardableResult
    func request(_ method: HTTPMethod, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            request.headers.add(name: "content-type", value: "application/json")
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        var replyHeaders: [String: String] = [:]
        for header in response.headers { replyHeaders[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: replyHeaders, body: String(buffer: buffer))
    }
}
