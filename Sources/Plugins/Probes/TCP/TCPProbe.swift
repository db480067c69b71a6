#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Kernel
import NIOCore
import NIOPosix

/// `probe.tcp`: opens a TCP connection to `host:port` and reports how long the handshake took.
///
/// Up when the connection is accepted (degraded when the connect time exceeds
/// `degradedAfter`); down with reason `refused`, `timeout`, `unreachable` or
/// `name_not_resolved` otherwise.
public struct TCPProbe: Probe {
    public static let id = PluginID("probe.tcp")!
    public static let summary = "TCP connect to host:port (IPv4 and IPv6), with connect time"
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("connect_seconds", unit: "seconds", help: "Time to complete the TCP handshake."),
        ProbeMetric("resolve_seconds", unit: "seconds", help: "Time resolving the host name."),
    ]

    /// Per-monitor options of `probe.tcp`.
    public struct Options: Codable, Sendable, Hashable {
        /// Address family to connect over. Default `any`.
        public var family: AddressFamily
        /// Connect time in seconds above which the result is degraded. Default: none.
        public var degradedAfter: Double?

        /// Creates options.
        public init(family: AddressFamily = .any, degradedAfter: Double? = nil) {
            self.family = family
            self.degradedAfter = degradedAfter
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            family = try container.decodeIfPresent(AddressFamily.self, forKey: .family) ?? .any
            degradedAfter = try container.decodeIfPresent(Double.self, forKey: .degradedAfter)
        }
    }

    private let group: any EventLoopGroup
    private let policy: EgressPolicy

    public init(configuration: TCPConfiguration, context: PluginContext) async throws {
        self.init(configuration: configuration)
    }

    /// Creates a probe on NIO's shared event loops.
    public init(configuration: TCPConfiguration = .init(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
        self.policy = EgressPolicy(denied: configuration.deny, allowed: configuration.allow)
    }

    public func validate(target: String, options: Options) throws {
        let endpoint = try HostPort(parsing: target)
        if let address = NetworkPrefix.addressBytes(endpoint.host),
           let refusal = EgressPolicy.check(address, plugin: policy, pluginID: Self.id.rawValue) {
            throw ValidationError(field: "target", refusal)
        }
        if let threshold = options.degradedAfter, !(threshold > 0 && threshold <= 3600) {
            throw ValidationError(field: "config.degradedAfter", "must be more than 0 and at most 3600 seconds")
        }
    }

    public func run(_ request: ProbeRequest<Options>) async throws -> ProbeResult {
        let target = try HostPort(parsing: request.target)
        let clock = ContinuousClock()
        let start = clock.now
        let addresses: [SocketAddress]
        do {
            addresses = try await AddressResolver.resolve(target.host, port: target.port, family: request.options.family)
        } catch {
            return .down(error)
        }
        let resolved = clock.now
        let address = addresses[0]
        if let bytes = address.ipAddress.flatMap(NetworkPrefix.addressBytes),
           let refusal = EgressPolicy.check(bytes, plugin: policy, pluginID: Self.id.rawValue) {
            return .down(ProbeFailure(code: "refused_by_policy", message: refusal), details: details(address))
        }
        let remaining = request.timeout - (resolved - start).seconds
        guard remaining > 0 else { return .down(.timeout(after: request.timeout), details: details(address)) }
        // Cancelling the run closes the connecting channel, which fails the connect at once
        // instead of when the connect timeout fires.
        let loop = group.next()
        let stopped = loop.makePromise(of: Void.self)
        defer { stopped.succeed(()) }
        do {
            let channel = try await withTaskCancellationHandler {
                try await ClientBootstrap(group: loop)
                    .connectTimeout(.nanoseconds(Int64(remaining * 1e9)))
                    .channelInitializer { channel in
                        stopped.futureResult.whenComplete { _ in channel.close(promise: nil) }
                        return channel.eventLoop.makeSucceededVoidFuture()
                    }
                    .connect(to: address).get()
            } onCancel: {
                stopped.fail(CancellationError())
            }
            let connected = clock.now
            try? await channel.close()
            let connect = (connected - resolved).seconds
            var result = ProbeResult(status: .up, latency: connect,
                                     metrics: ["connect_seconds": connect, "resolve_seconds": (resolved - start).seconds],
                                     details: details(address))
            if let threshold = request.options.degradedAfter, connect > threshold {
                result.status = .degraded
                result.failure = ProbeFailure(code: "slow", message: "connect took \(formatSeconds(connect)), above \(formatSeconds(threshold))")
            }
            return result
        } catch {
            return .down(Self.failure(for: error, address: address, timeout: request.timeout), details: details(address))
        }
    }

    private func details(_ address: SocketAddress) -> JSONValue {
        .object(["address": .string(address.ipAddress ?? "\(address)"),
                 "family": .string(address.protocol == .inet6 ? "ipv6" : "ipv4")])
    }

    /// Maps a connect error to a reason in plain words.
    static func failure(for error: any Error, address: SocketAddress, timeout: Double) -> ProbeFailure {
        let shown = "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return ProbeFailure(code: "timeout", message: "no answer from \(shown) within \(formatSeconds(timeout))")
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return ProbeFailure(code: "refused", message: "connection refused by \(shown)")
            case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT:
                return ProbeFailure(code: "unreachable", message: "\(shown) is unreachable: \(String(cString: strerror(io.errnoCode)))")
            case ETIMEDOUT: return ProbeFailure(code: "timeout", message: "no answer from \(shown) within \(formatSeconds(timeout))")
            default: return ProbeFailure(code: "connect_error", message: "connecting to \(shown) failed: \(String(cString: strerror(io.errnoCode)))")
            }
        }
        return ProbeFailure(code: "connect_error", message: "connecting to \(shown) failed: \(error)")
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
