import AsyncHTTPClient
import Foundation
import HostKit
import Kernel
import Logging
import NIOCore
@_exported import NIOHTTP1

/// A real Vantage host for tests: your catalog and features, on a free loopback port, with a
/// temporary data directory, and an HTTP client for it. The host tests of Vantage use it, and
/// so can a custom host, as Hummingbird users test with `HummingbirdTesting`:
///
/// ```swift
/// let host = try await TestHost.start(plugins: [PluginEntry(plugin: "store.sqlite"), PluginEntry(plugin: "auth.password"),
///                                               PluginEntry(plugin: "auth.jwt"), PluginEntry(plugin: "probe.tcp")],
///                                     catalog: myCatalog, features: [MonitorsFeature(), IdentityFeature()])
/// defer { Task { await host.stop() } }
/// let reply = try await host.request(.GET, "/api/v1/monitors")
/// ```
///
/// With `registerAdmin` (the default) the first user is registered through the API, and
/// every request carries their token unless it says otherwise (`auth:`); that needs
/// `auth.password` and `auth.jwt` (or another authenticator that registers) in `plugins`.
public struct TestHost: Sendable {
    /// The host's data directory, removed by `stop()`.
    public let directory: URL
    /// The running host.
    public let host: VantageHost
    /// Its port on 127.0.0.1.
    public let port: Int
    /// The token of the administrator registered at start, sent with every request by default.
    public var token = ""
    private let task: Task<Void, any Error>

    /// A signing secret (48 characters) for `VANTAGE_JWT_SECRET`, which the host is started with.
    public static let secret = "test-secret-" + String(repeating: "0123456789", count: 4)

    /// Starts a host. `server` and `scheduler` settings default to a test's needs (port 0, a
    /// temporary data directory, results flushed every 20 ms); `configure` may change them.
    public static func start(plugins: [PluginEntry], catalog: PluginCatalog, features: [any HostFeature] = HostFeatures.standard,
                             registerAdmin: Bool = true, logger givenLogger: Logger? = nil,
                             environment: [String: String] = [:],
                             configure: (inout VantageConfiguration) -> Void = { _ in }) async throws -> TestHost {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-host-\(UUID())")
        var configuration = VantageConfiguration(server: ServerSettings(listen: "127.0.0.1:0", dataDirectory: directory.path),
                                                 scheduler: SchedulerSettings(flushIntervalMilliseconds: 20), plugins: plugins)
        configure(&configuration)
        configuration.server.listen = "127.0.0.1:0"
        configuration.server.dataDirectory = directory.path
        try ConfigurationLoader(catalog: catalog).validate(configuration)
        var logger = givenLogger ?? Logger(label: "test-host")
        if givenLogger == nil { logger.logLevel = .critical }
        let host = try await VantageHost.assemble(configuration: configuration, catalog: catalog, features: features, logger: logger,
                                                  environment: ["VANTAGE_JWT_SECRET": secret].merging(environment) { $1 })
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await host.run(signals: []) { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw POSIXError(.EADDRNOTAVAIL) }
        var started = TestHost(directory: directory, host: host, port: port, task: task)
        if registerAdmin { started.token = try await started.register("root", password: "s3cret-passphrase") }
        return started
    }

    /// Registers a user through the API and returns their token.
    public func register(_ name: String, password: String = "a-good-password-1") async throws -> String {
        let reply = try await request(.POST, "/api/v1/auth/register", body: #"{"email":"\#(name)@example.org","username":"\#(name)","password":"\#(password)"}"#, auth: .none)
        guard let token = reply.string("token") else { throw POSIXError(.EACCES) }
        return token
    }

    /// Stops the host and removes its data directory.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends a request; `body` is sent as JSON.
    @discardableResult
    public func request(_ method: HTTPMethod, _ path: String, body: String? = nil, headers: [String: String] = [:],
                        auth: Auth = .admin) async throws -> Reply {
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
        // A generous deadline: a test process runs hundreds of tests on two cores, and an
        // in-process server can wait tens of seconds for a thread at its start (two CI runs saw
        // stalls of about 30 s). What a test asserts about timing it measures itself.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        var replyHeaders: [String: String] = [:]
        for header in response.headers { replyHeaders[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: replyHeaders, body: String(buffer: buffer))
    }
}
