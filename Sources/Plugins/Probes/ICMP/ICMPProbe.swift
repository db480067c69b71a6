import Kernel
import PacketSupport

/// `probe.icmp` (kind `icmp`, alias `ping`): sends ICMP or ICMPv6 echo requests and reports
/// loss, round-trip times, jitter, duplicates and reordering, like ping and fping.
///
/// Every session in the process shares one socket per address family (`ICMPEngine`): raw
/// when the process has root or `CAP_NET_RAW`, else an unprivileged datagram ICMP socket.
/// Down when every request is lost; degraded above `degradedLoss` or `degradedLatency`.
public struct ICMPProbe: Probe {
    public static let id = PluginID("probe.icmp")!
    public static let summary = "ICMP echo (ping) over IPv4 and IPv6: loss, RTT min/avg/max/stddev, jitter"
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("packets_sent", unit: "count", help: "Echo requests sent."),
        ProbeMetric("packets_received", unit: "count", help: "Echo replies received."),
        ProbeMetric("loss_ratio", unit: "ratio", help: "Share of echo requests without a reply, 0 to 1."),
        ProbeMetric("duplicates", unit: "count", help: "Duplicate replies received."),
        ProbeMetric("out_of_order", unit: "count", help: "Replies that arrived out of order."),
        ProbeMetric("rtt_min_seconds", unit: "seconds", help: "Shortest round-trip time."),
        ProbeMetric("rtt_avg_seconds", unit: "seconds", help: "Average round-trip time."),
        ProbeMetric("rtt_max_seconds", unit: "seconds", help: "Longest round-trip time."),
        ProbeMetric("rtt_stddev_seconds", unit: "seconds", help: "Standard deviation of round-trip times."),
        ProbeMetric("jitter_seconds", unit: "seconds", help: "Mean difference between consecutive round-trip times."),
    ]
    public static let kindAliases = ["ping"]

    public typealias Configuration = PacketProbeConfiguration
    public typealias Options = PingOptions

    private let configuration: PacketProbeConfiguration

    public init(configuration: PacketProbeConfiguration, context: PluginContext) async throws {
        self.init(configuration: configuration)
    }

    /// Creates a probe with the given socket mode and target policy.
    public init(configuration: PacketProbeConfiguration = PacketProbeConfiguration()) {
        self.configuration = configuration
    }

    public func validate(target: String, options: PingOptions) throws {
        try TargetResolver.validate(target, family: options.family, policy: configuration.policy)
        try options.validate()
        if configuration.socket == .datagram, options.interval < PingOptions.minimumInterval(for: .datagram) {
            throw ValidationError(field: "config.interval", "must be at least 0.2 seconds on unprivileged (datagram) ICMP sockets")
        }
    }

    public func run(_ request: ProbeRequest<PingOptions>) async throws -> ProbeResult {
        let options = request.options
        let address: IPAddress
        do {
            address = try await TargetResolver.resolve(request.target, family: options.family, policy: configuration.policy)
        } catch {
            return .down(error)
        }
        let engine = try ICMPEngine.shared(family: address.family, mode: configuration.socket)
        let minimum = PingOptions.minimumInterval(for: engine.mode)
        guard options.count == 1 || options.interval >= minimum else {
            return .down(ProbeFailure(code: "interval_not_allowed",
                                      message: "an interval of \(formatSeconds(options.interval)) needs a raw ICMP socket (root or CAP_NET_RAW); "
                                          + "unprivileged ICMP sockets allow at least \(formatSeconds(minimum))"))
        }
        let sendOptions: SendOptions
        do {
            sendOptions = try SourceOptions.make(source: options.source, interface: options.interface, family: address.family, hopLimit: options.ttl)
        } catch {
            return .down(error)
        }
        let packetTimeout = min(options.timeout, request.timeout)
        // One echo, as monitors mostly send: with the others due at this moment, in one batch.
        if options.count == 1, let batcher = EchoBatcher.shared(for: engine),
           let outcome = await batcher.ping(address, timeout: packetTimeout,
                                            wait: max(min(packetTimeout, request.timeout - 0.005) - EchoBatcher.window, 0.005),
                                            payloadSize: options.payloadSize, sendOptions: sendOptions) {
            return PingReport(outcome: outcome, address: address, mode: engine.mode, options: options).result
        }
        let plan = PingSession.Plan(destination: address, count: options.count, interval: options.interval,
                                    packetTimeout: packetTimeout, payloadSize: options.payloadSize,
                                    sendOptions: sendOptions, deadline: max(request.timeout - 0.005, 0.005))
        let outcome = try await PingSession(engine: engine, plan: plan).run()
        return PingReport(outcome: outcome, address: address, mode: engine.mode, options: options).result
    }
}
