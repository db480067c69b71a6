import AsyncHTTPClient
import BuiltinPlugins
import Foundation
import HostKit
import Kernel
import KernelTesting
import Logging
import NIOCore
@_exported import NIOHTTP1
import StoreSQLite

/// A real Vantage host on a free loopback port with a temporary SQLite database, and an
/// HTTP client for it.
struct TestHost {
    let directory: URL
    let host: VantageHost
    let port: Int
    private let task: Task<Void, any Error>

    /// The signing secret the test hosts use.
    static let secret = "test-secret-" + String(repeating: "0123456789", count: 4)
    /// Every built-in plugin and the scripted probe.
    static let catalog = try! PluginCatalog(BuiltinPlugins.registrations + [.probe(ScriptedProbe.self)])
    /// The token of the administrator registered at start, sent with every request by default.
    var token = ""

    static func start(maxBodyBytes: Int = 1 << 20, rateLimits: [RateLimitRule] = RateLimitRule.defaults,
                      cors: CORSSettings = .init(), passwordConfig: JSONValue = .object(["bcryptCost": .number(10), "registration": .string("open")]),
                      publicMetrics: Bool = false, logger givenLogger: Logger? = nil, registerAdmin: Bool = true,
                      whoisConfig: JSONValue = .emptyObject, caDirectory: String? = nil,
                      features: [any HostFeature] = HostFeatures.standard, extraPlugins: [PluginEntry] = []) async throws -> TestHost {
        let webConfig: JSONValue = caDirectory.map { .object(["caDirectory": .string($0)]) } ?? .emptyObject
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-host-\(UUID())")
        let configuration = VantageConfiguration(
            server: ServerSettings(listen: "127.0.0.1:0", dataDirectory: directory.path, maxBodyBytes: maxBodyBytes,
                                   rateLimits: rateLimits, cors: cors, publicMetrics: publicMetrics),
            scheduler: SchedulerSettings(flushIntervalMilliseconds: 20),
            plugins: [PluginEntry(plugin: "store.sqlite")] + builtinEntries(configs: ["probe.whois": whoisConfig, "probe.http": webConfig,
                                                                                       "probe.tls": webConfig, "auth.password": passwordConfig])
                + extraPlugins)
        try ConfigurationLoader(catalog: catalog).validate(configuration)
        var logger = givenLogger ?? Logger(label: "test-host")
        if givenLogger == nil { logger.logLevel = .critical }
        let host = try await VantageHost.assemble(configuration: configuration, catalog: catalog, features: features, logger: logger,
                                                  environment: ["VANTAGE_JWT_SECRET": secret])
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await host.run(signals: []) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw POSIXError(.EADDRNOTAVAIL) }
        var started = TestHost(directory: directory, host: host, port: port, task: task)
        if registerAdmin { started.token = try await started.register("root", password: "s3cret-passphrase") }
        return started
    }

    /// Every built-in plugin but the stores, in catalog order, with the given configurations.
    static func builtinEntries(configs: [String: JSONValue]) -> [PluginEntry] {
        BuiltinPlugins.registrations.filter { $0.role != .store }.map { PluginEntry(plugin: $0.id.rawValue, config: configs[$0.id.rawValue] ?? .emptyObject) }
    }

    /// Registers a user through the API and returns their token.
    func register(_ name: String, password: String = "a-good-password-1") async throws -> String {
        let reply = try await request(.POST, "/api/v1/auth/register", body: #"{"email":"\#(name)@example.org","username":"\#(name)","password":"\#(password)"}"#, auth: .none)
        guard let token = reply.string("token") else { throw POSIXError(.EACCES) }
        return token
    }

    /// How a request authenticates.
    enum Auth {
        /// The administrator registered at start.
        case admin
        /// No credentials.
        case none
        /// A bearer token.
        case token(String)
        /// An API key.
        case apiKey(String)
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
    func request(_ method: HTTPMethod, _ path: String, body: String? = nil, headers: [String: String] = [:], auth: Auth = .admin) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            request.headers.add(name: "content-type", value: "application/json")
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        switch auth {
        case .admin: request.headers.add(name: "Authorization", value: "Bearer \(token)")
        case .token(let value): request.headers.add(name: "Authorization", value: "Bearer \(value)")
        case .apiKey(let value): request.headers.add(name: "X-API-Key", value: value)
        case .none: break
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        var replyHeaders: [String: String] = [:]
        for header in response.headers { replyHeaders[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: replyHeaders, body: String(buffer: buffer))
    }
}
