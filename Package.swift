// swift-tools-version:6.2
// Vantage: a plugin-structured network monitoring and diagnostics framework.
//
// Layout (see docs/architecture.md):
//   Sources/Kernel          protocols, domain model, plugin catalog, scheduler, event bus
//   Sources/KernelTesting   Store conformance suite and fakes, for plugin authors
//   Sources/Plugins/...     one target per plugin (probe.tcp, store.sqlite, ...)
//   Sources/Host/HostKit    configuration loading, assembly, HTTP API, CLI commands
//   Sources/Host/Vantage    the `vantage` executable: the built-in plugin list and main
//   Examples/CustomHost     a host built with a subset of plugins
import PackageDescription

/// Settings shared by every target of this package: Swift 6 mode with strict concurrency,
/// and warnings treated as errors so that the tree stays warning-free.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

/// One built-in plugin, declared once: its library product, its target under
/// `Sources/Plugins/<path>` (README.md and sample.json beside the code) and its test target
/// `Tests/<name>Tests` (with the Kernel and KernelTesting, whose conformance suites every
/// plugin runs). The `vantage` executable and the host tests get every plugin listed in
/// `builtinPlugins` through the `BuiltinPlugins` target.
struct BuiltinPlugin {
    let product: Product
    let targets: [Target]
    let name: String
}

func builtinPlugin(_ name: String, at path: String, dependencies: [Target.Dependency],
                   testDependencies: [Target.Dependency] = []) -> BuiltinPlugin {
    BuiltinPlugin(
        product: .library(name: name, targets: [name]),
        targets: [
            .target(name: name, dependencies: dependencies, path: "Sources/Plugins/\(path)",
                    exclude: ["README.md", "sample.json"], swiftSettings: strict),
            .testTarget(name: "\(name)Tests", dependencies: [.target(name: name), "Kernel", "KernelTesting"] + testDependencies, swiftSettings: strict),
        ],
        name: name)
}

/// Every built-in plugin. Adding one is one line here, one in
/// Sources/Host/BuiltinPlugins/BuiltinPlugins.swift, and its folders.
let builtinPlugins: [BuiltinPlugin] = [
    builtinPlugin("ProbeTCP", at: "Probes/TCP", dependencies: ["Kernel", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]),
    builtinPlugin("ProbeICMP", at: "Probes/ICMP", dependencies: ["Kernel", "PacketSupport"], testDependencies: ["PacketSupport"]),
    builtinPlugin("ProbeTraceroute", at: "Probes/Traceroute", dependencies: ["Kernel", "PacketSupport", "RouteSupport"], testDependencies: ["PacketSupport", "RouteSupport"]),
    builtinPlugin("ProbeMTR", at: "Probes/MTR", dependencies: ["Kernel", "PacketSupport", "RouteSupport"], testDependencies: ["PacketSupport", "RouteSupport"]),
    builtinPlugin("ProbeMTRSSH", at: "Probes/MTRSSH", dependencies: ["Kernel", "SSHSupport", "RouteSupport"], testDependencies: ["SSHSupport", "RouteSupport", "FixtureServers"]),
    builtinPlugin("ProbeDNS", at: "Probes/DNS", dependencies: ["Kernel", "PacketSupport", "PacketShims"], testDependencies: ["FixtureServers"]),
    builtinPlugin("ProbeWHOIS", at: "Probes/WHOIS", dependencies: ["Kernel", "PacketSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "AsyncHTTPClient", package: "async-http-client")], testDependencies: ["FixtureServers"]),
    builtinPlugin("ProbeTLS", at: "Probes/TLS", dependencies: ["Kernel", "TLSSupport", "COpenSSL", "PacketSupport", .product(name: "NIOPosix", package: "swift-nio")], testDependencies: ["TLSSupport", "FixtureServers"]),
    builtinPlugin("ProbeHTTP", at: "Probes/HTTP", dependencies: ["Kernel", "TLSSupport", "PacketSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOTLS", package: "swift-nio"), .product(name: "NIOConcurrencyHelpers", package: "swift-nio")], testDependencies: ["TLSSupport", "FixtureServers"]),
    builtinPlugin("ProbePush", at: "Probes/Push", dependencies: ["Kernel"], testDependencies: [.product(name: "Logging", package: "swift-log")]),
    builtinPlugin("CollectorProcfs", at: "Collectors/Procfs", dependencies: ["Kernel", "ProcSupport"], testDependencies: ["ProcSupport", "FixtureServers"]),
    builtinPlugin("CollectorSSH", at: "Collectors/SSH", dependencies: ["Kernel", "ProcSupport", "SSHSupport"], testDependencies: ["ProcSupport", "SSHSupport", "FixtureServers", "CollectorProcfs"]),
    builtinPlugin("StoreSQLite", at: "Stores/SQLite", dependencies: ["Kernel", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]),
    builtinPlugin("StorePostgres", at: "Stores/Postgres", dependencies: ["Kernel", "CLibPQ", .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")], testDependencies: ["FixtureServers"]),
    builtinPlugin("AuthPassword", at: "Auth/Password", dependencies: ["Kernel", "AuthSupport", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "NIOPosix", package: "swift-nio")],
                  testDependencies: [.product(name: "NIOPosix", package: "swift-nio")]),
    builtinPlugin("AuthJWT", at: "Auth/JWT", dependencies: ["Kernel", "AuthSupport"]),
    builtinPlugin("NotifierWebhook", at: "Notifiers/Webhook", dependencies: ["Kernel", "HTTPDelivery", .product(name: "Crypto", package: "swift-crypto")], testDependencies: ["HTTPDelivery", "FixtureServers"]),
    builtinPlugin("NotifierEmail", at: "Notifiers/Email", dependencies: ["Kernel", "PacketSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl")], testDependencies: ["FixtureServers"]),
    builtinPlugin("NotifierSlack", at: "Notifiers/Slack", dependencies: ["Kernel", "HTTPDelivery"], testDependencies: ["HTTPDelivery", "FixtureServers"]),
    builtinPlugin("NotifierDiscord", at: "Notifiers/Discord", dependencies: ["Kernel", "HTTPDelivery"], testDependencies: ["HTTPDelivery", "FixtureServers"]),
    builtinPlugin("NotifierNtfy", at: "Notifiers/Ntfy", dependencies: ["Kernel", "HTTPDelivery"], testDependencies: ["HTTPDelivery", "FixtureServers"]),
    builtinPlugin("EnricherGeoIP", at: "Enrichers/GeoIP", dependencies: ["Kernel", "CMaxMindDB", .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")], testDependencies: ["FixtureServers", .product(name: "Logging", package: "swift-log")]),
    builtinPlugin("AuthAPIKey", at: "Auth/APIKey", dependencies: ["Kernel", .product(name: "Crypto", package: "swift-crypto"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
]

let package = Package(
    name: "vantage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vantage", targets: ["Vantage"]),
        .executable(name: "vantage-custom", targets: ["CustomHost"]),
        .library(name: "Kernel", targets: ["Kernel"]),
        .library(name: "KernelTesting", targets: ["KernelTesting"]),
        .library(name: "HostKit", targets: ["HostKit"]),
        .library(name: "HostKitTesting", targets: ["HostKitTesting"]),
        .library(name: "BuiltinPlugins", targets: ["BuiltinPlugins"]),
    ] + builtinPlugins.map(\.product),
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
    ],
    targets: [
        // MARK: Kernel
        .target(
            name: "Kernel",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KernelTesting",
            dependencies: ["Kernel"],
            swiftSettings: strict
        ),

        // MARK: Plugin support (built-in plugins are listed in `builtinPlugins` above; each
        // depends on the Kernel and support targets only)

        .target(
            name: "PacketShims",
            path: "Sources/Plugins/Support/PacketShims"
        ),
        .target(
            name: "RouteSupport",
            dependencies: ["Kernel"],
            path: "Sources/Plugins/Support/Route",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "ProcSupport",
            dependencies: ["Kernel"],
            path: "Sources/Plugins/Support/Proc",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "PacketSupport",
            dependencies: [
                "Kernel", "PacketShims", "RouteSupport",
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Plugins/Support/Packets",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .systemLibrary(
            name: "COpenSSL",
            path: "Sources/Plugins/Support/COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/Plugins/Support/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/Plugins/Support/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CLibSSH2",
            path: "Sources/Plugins/Support/CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        .systemLibrary(
            name: "CMaxMindDB",
            path: "Sources/Plugins/Support/CMaxMindDB",
            pkgConfig: "libmaxminddb",
            providers: [.apt(["libmaxminddb-dev"])]
        ),
        .target(
            name: "SSHSupport",
            dependencies: ["Kernel", "CLibSSH2"],
            path: "Sources/Plugins/Support/SSH",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TLSSupport",
            dependencies: ["Kernel", "COpenSSL"],
            path: "Sources/Plugins/Support/TLS",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "HTTPDelivery",
            dependencies: ["Kernel", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")],
            path: "Sources/Plugins/Support/HTTPDelivery",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "AuthSupport",
            dependencies: ["Kernel", .product(name: "JWTKit", package: "jwt-kit")],
            path: "Sources/Plugins/Support/Auth",
            exclude: ["README.md"],
            swiftSettings: strict
        ),

        // MARK: Host
        .target(
            name: "Spool",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "Sources/Host/Spool",
            swiftSettings: strict
        ),
        .target(
            name: "HostKit",
            dependencies: [
                "Kernel", "SSHSupport", "RouteSupport", "Spool", "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Host/HostKit",
            resources: [.copy("Resources/openapi.json"), .copy("Resources/Web")],
            swiftSettings: strict
        ),
        .target(
            name: "HostKitTesting",
            dependencies: [
                "HostKit", "Kernel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/Host/HostKitTesting",
            swiftSettings: strict
        ),
        .target(
            name: "BuiltinPlugins",
            dependencies: ["Kernel"] + builtinPlugins.map { .target(name: $0.name) },
            path: "Sources/Host/BuiltinPlugins",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Vantage",
            dependencies: ["HostKit", "BuiltinPlugins"],
            path: "Sources/Host/Vantage",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "CustomHost",
            dependencies: ["HostKit", "ProbeTCP", "StoreSQLite", "AuthAPIKey"],
            path: "Examples/CustomHost",
            exclude: ["README.md", "Plugins.json"],
            swiftSettings: strict
        ),

        // MARK: Benchmarks (run with -c release; see Benchmarks/README.md)
        .executableTarget(
            name: "StoreWriteBenchmark",
            dependencies: ["Kernel", "KernelTesting", "StoreSQLite", .product(name: "GRDBSQLite", package: "GRDB.swift")],
            path: "Benchmarks/StoreWrites",
            swiftSettings: strict
        ),

        .executableTarget(
            name: "PostgresWriteBenchmark",
            dependencies: ["Kernel", "KernelTesting", "StorePostgres"],
            path: "Benchmarks/PostgresWrites",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "PingSweepBenchmark",
            dependencies: ["Kernel", "PacketSupport", "ProbeICMP", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/PingSweep",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "TCPConnectBenchmark",
            dependencies: ["Kernel", "ProbeTCP", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/TCPConnect",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "DNSQueryBenchmark",
            dependencies: ["Kernel", "ProbeDNS", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/DNSQuery",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SSHCommandBenchmark",
            dependencies: ["SSHSupport", "RouteSupport"],
            path: "Benchmarks/SSHCommands",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "CollectorBenchmark",
            dependencies: ["CollectorProcfs", "CollectorSSH", "ProcSupport", "Kernel", "KernelTesting", "StoreSQLite"],
            path: "Benchmarks/Collectors",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "WebProbeBenchmark",
            dependencies: ["Kernel", "ProbeHTTP", "ProbeTLS", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/WebProbe",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "IngestWriteBenchmark",
            dependencies: ["Kernel", "StoreSQLite"],
            path: "Benchmarks/IngestWrites",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "DashboardSummaryBenchmark",
            dependencies: ["Kernel", "StoreSQLite", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/DashboardSummary",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "GeoIPLookupBenchmark",
            dependencies: ["Kernel", "EnricherGeoIP", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/GeoIPLookups",
            swiftSettings: strict
        ),

        // MARK: Tests
        .testTarget(
            name: "KernelTests",
            dependencies: ["Kernel", "KernelTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RouteSupportTests",
            dependencies: ["RouteSupport", "Kernel"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProcSupportTests",
            dependencies: ["ProcSupport", "Kernel", "FixtureServers"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SSHSupportTests",
            dependencies: ["SSHSupport", "FixtureServers"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PacketSupportTests",
            dependencies: ["PacketSupport", "Kernel"],
            swiftSettings: strict
        ),
        .target(
            name: "FixtureServers",
            path: "Tests/FixtureServers",
            swiftSettings: strict
        ),
        .testTarget(
            name: "HostKitTests",
            dependencies: [
                "HostKit", "HostKitTesting", "BuiltinPlugins", "Kernel", "KernelTesting", "FixtureServers", "AuthSupport", "Spool",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ] + builtinPlugins.map { .target(name: $0.name) },
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Kernel", "KernelTesting", "FixtureServers", "RouteSupport"],
            swiftSettings: strict
        ),
    ] + builtinPlugins.flatMap(\.targets)
)
