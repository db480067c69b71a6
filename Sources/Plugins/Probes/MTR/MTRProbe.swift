#if canImport(Glibc)
import Glibc
#endif
import Kernel
import PacketSupport

/// `probe.mtr`: mtr without mtr. Repeated trace rounds over one constant flow, with loss and
/// last/avg/best/worst/stddev per hop. The result's `details.report` has the shape of
/// `mtr --json` (`report.mtr`, `report.hubs[]` with `Loss%`, `Snt`, `Last`, `Avg`, `Best`,
/// `Wrst`, `StDev`); every finished hop of every round is reported as progress.
public struct MTRProbe: Probe {
    public static let id = PluginID("probe.mtr")!
    public static let summary = "mtr-style repeated traces: per-hop loss and latency statistics, mtr --json compatible"
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("hops", unit: "count", help: "Hops on the path."),
        ProbeMetric("rounds", unit: "count", help: "Rounds of probes sent."),
        ProbeMetric("loss_ratio", unit: "ratio", help: "Share of probes to the destination without a reply, 0 to 1."),
        ProbeMetric("rtt_avg_seconds", unit: "seconds", help: "Average round-trip time to the destination."),
        ProbeMetric("rtt_min_seconds", unit: "seconds", help: "Best round-trip time to the destination."),
        ProbeMetric("rtt_max_seconds", unit: "seconds", help: "Worst round-trip time to the destination."),
    ]

    public typealias Configuration = PacketProbeConfiguration
    public typealias Options = MTROptions

    private let configuration: PacketProbeConfiguration

    public init(configuration: PacketProbeConfiguration, context: PluginContext) async throws {
        self.init(configuration: configuration)
    }

    /// Creates a probe with the given socket mode and target policy.
    public init(configuration: PacketProbeConfiguration = PacketProbeConfiguration()) {
        self.configuration = configuration
    }

    public func validate(target: String, options: MTROptions) throws {
        try TargetResolver.validate(target, family: options.family, policy: configuration.policy)
        try options.validate()
        if configuration.socket == .datagram, options.interval < MTROptions.minimumInterval(for: .datagram) {
            throw ValidationError(field: "config.interval", "must be at least 1 second on unprivileged (datagram) ICMP sockets")
        }
    }

    public func run(_ request: ProbeRequest<MTROptions>) async throws -> ProbeResult {
        let options = request.options
        let start = Clock.realtimeNanoseconds()
        let destination: IPAddress
        let sendOptions: SendOptions
        do {
            destination = try await TargetResolver.resolve(request.target, family: options.family, policy: configuration.policy)
            sendOptions = try SourceOptions.make(source: options.source, interface: options.interface, family: destination.family)
        } catch {
            return .down(error)
        }
        var settings = TraceSettings(method: options.method, destination: destination, port: options.port.map { UInt16($0) },
                                     maxHops: options.maxHops, probesPerHop: 1, wait: min(options.wait, options.interval),
                                     parallel: options.maxHops, payloadSize: options.payloadSize, sendOptions: sendOptions)
        let session = try TraceSession(settings: settings, socketMode: configuration.socket)
        let minimum = MTROptions.minimumInterval(for: session.socketMode)
        guard options.count == 1 || options.interval >= minimum else {
            return .down(ProbeFailure(code: "interval_not_allowed",
                                      message: "an interval of \(formatSeconds(options.interval)) needs raw sockets (root or CAP_NET_RAW); unprivileged ICMP sockets allow at least \(formatSeconds(minimum))"))
        }
        let deadline = start + Int64(max(request.timeout - 0.01, 0.01) * 1e9)
        var accumulator = MTRAccumulator(maxHops: options.maxHops)
        let progress = request.progress
        var rounds = 0
        for round in 0..<options.count {
            let roundStart = start + Int64(Double(round) * options.interval * 1e9)
            let now = Clock.realtimeNanoseconds()
            if roundStart > now { try await Task.sleep(for: .nanoseconds(roundStart - now)) }
            guard Clock.realtimeNanoseconds() < deadline else { break }
            settings.maxHops = accumulator.destinationTTL ?? options.maxHops
            settings.parallel = settings.maxHops
            let snapshot = accumulator
            let finished = await session.runRound(settings, deadline: deadline) { trace, ttl in
                var hub = snapshot.hub(ttl)
                for slot in trace.probes(atTTL: ttl) { hub.add(slot) }
                progress?.report(.object(["event": .string("hop"), "round": .number(Double(round + 1)), "hub": hub.json(names: [:])]))
            }
            accumulator.add(finished)
            rounds += 1
            progress?.report(.object(["event": .string("round"), "round": .number(Double(round + 1)),
                                      "hubs": .array(accumulator.visibleHubs.map { $0.json(names: [:]) })]))
        }
        var names: [IPAddress: String] = [:]
        if options.resolveNames { names = await TargetResolver.reverseNames(accumulator.visibleHubs.flatMap(\.hosts)) }
        return MTRReport(accumulator: accumulator, options: options, target: request.target, destination: destination,
                         socket: session.socketMode, rounds: rounds, names: names).result
    }
}
