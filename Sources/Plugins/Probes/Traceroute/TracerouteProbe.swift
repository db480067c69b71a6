import Kernel
import PacketSupport

/// `probe.traceroute`: the path to a host, hop by hop, with ICMP echo, UDP or TCP SYN probes.
///
/// Every TTL is probed at once (up to `parallel` probes in flight), so a trace takes about
/// one round trip to the farthest hop plus the wait for silent hops; the flow identifier is
/// constant (Paris traceroute), and every distinct responder of a hop is reported. Up when
/// the destination answered; down with `destination_not_reached` otherwise. Hops are
/// reported as progress as soon as they are finished.
public struct TracerouteProbe: Probe {
    public static let id = PluginID("probe.traceroute")!
    public static let summary = "Parallel Paris traceroute over ICMP, UDP or TCP SYN (IPv4 and IPv6)"
    public static let metrics: [ProbeMetric] = [
        ProbeMetric("hops", unit: "count", help: "Hops on the path."),
        ProbeMetric("duration_seconds", unit: "seconds", help: "Time of the whole trace."),
        ProbeMetric("destination_rtt_seconds", unit: "seconds", help: "Round-trip time to the destination."),
    ]

    public typealias Configuration = PacketProbeConfiguration
    public typealias Options = TracerouteOptions

    private let configuration: PacketProbeConfiguration

    public init(configuration: PacketProbeConfiguration, context: PluginContext) async throws {
        self.init(configuration: configuration)
    }

    /// Creates a probe with the given socket mode and target policy.
    public init(configuration: PacketProbeConfiguration = PacketProbeConfiguration()) {
        self.configuration = configuration
    }

    public func validate(target: String, options: TracerouteOptions) throws {
        try TargetResolver.validate(target, family: options.family, policy: configuration.policy)
        try options.validate()
    }

    public func run(_ request: ProbeRequest<TracerouteOptions>) async throws -> ProbeResult {
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
        let settings = options.settings(destination: destination, sendOptions: sendOptions)
        let session = try TraceSession(settings: settings, socketMode: configuration.socket)
        let progress = request.progress
        let deadline = start + Int64(max(request.timeout - 0.01, 0.01) * 1e9)
        let round = await session.runRound(settings, deadline: deadline) { round, ttl in
            progress?.report(.object(["event": .string("hop"), "hop": TraceHopView.json(round, ttl: ttl)]))
        }
        var names: [IPAddress: String] = [:]
        if options.resolveNames { names = await TargetResolver.reverseNames(round.slots.compactMap(\.responder)) }
        return TraceReport(round: round, settings: settings, target: request.target, socket: session.socketMode, names: names).result
    }
}
