#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Holds sequence numbers until the session that reserved them can register itself.
private final class Placeholder: PacketSink {
    func receive(_ event: PacketEvent) {}
}

/// One flow through the network, probed round after round: a traceroute is one round, mtr
/// many. The flow (source port, destination port, ICMP checksum) stays the same for every
/// probe of every round, Paris-traceroute style, so per-flow load balancing keeps one path;
/// probes are told apart by the echo sequence (ICMP), the UDP length, or the TCP sequence.
public final class TraceSession: PacketSink {
    private let engine: ICMPEngine
    private let method: TraceMethod
    private let destination: IPAddress
    private let perRound: Int
    private let keyBase: UInt32
    private let udpSocket: PacketSocket?
    private let tcpPortHolder: PacketSocket?
    private let localPort: UInt16
    private let sourceAddress: IPAddress?
    private let cookie = UInt32.random(in: 0...UInt32.max)
    private let state = Mutex(State())

    private struct State {
        var round: TraceRound?
        var parity = 0
        var waiter: CheckedContinuation<Void, Never>?
        var signalled = false
        var timer: UInt64?
    }

    /// Opens the flow for `settings` (the per-round probe count must not grow later).
    /// Throws `SocketPermissionError` when the method needs privileges the process lacks.
    public init(settings: TraceSettings, socketMode: SocketMode) throws {
        let family = settings.destination.family
        engine = try ICMPEngine.shared(family: family, mode: settings.method == .icmp ? socketMode : .raw)
        method = settings.method
        destination = settings.destination
        perRound = settings.probeCount
        let localSource = settings.sendOptions.source ?? Self.routeSource(to: settings.destination)
        sourceAddress = localSource
        switch settings.method {
        case .icmp:
            udpSocket = nil
            tcpPortHolder = nil
            localPort = 0
            keyBase = UInt32(try engine.reserveSequences(count: perRound * 2, for: Placeholder()))
        case .udp:
            let socket = try PacketSocket(family: family, type: Int32(SOCK_DGRAM.rawValue), protocolNumber: 0)
            localPort = try socket.bind(to: settings.sendOptions.source ?? Self.any(family))
            udpSocket = socket
            tcpPortHolder = nil
            keyBase = UInt32(8 + settings.payloadSize)
        case .tcp:
            let holder = try PacketSocket(family: family, type: Int32(SOCK_STREAM.rawValue), protocolNumber: 0)
            localPort = try holder.bind(to: settings.sendOptions.source ?? Self.any(family))
            tcpPortHolder = holder
            udpSocket = nil
            keyBase = UInt32.random(in: 0...UInt32.max / 2)
        }
        try register()
    }

    deinit {
        switch method {
        case .icmp: engine.releaseSequences(from: UInt16(truncatingIfNeeded: keyBase), count: perRound * 2)
        case .udp: engine.route(udpPort: localPort, to: nil)
        case .tcp: try? engine.route(tcpPort: localPort, to: nil)
        }
    }

    private func register() throws {
        switch method {
        case .icmp: engine.assignSequences(from: UInt16(truncatingIfNeeded: keyBase), count: perRound * 2, to: self)
        case .udp: engine.route(udpPort: localPort, to: self)
        case .tcp: try engine.route(tcpPort: localPort, to: self)
        }
    }

    /// The socket mode of the ICMP socket reading the answers.
    public var socketMode: SocketMode { engine.mode }

    /// Runs one round; `onHop` is called (on a reader thread or the caller's task) with each
    /// hop as soon as it and all hops before it are finished.
    /// At `deadline` (realtime nanoseconds) the round gives up on unanswered probes.
    public func runRound(_ settings: TraceSettings, deadline: Int64, onHop: @Sendable (TraceRound, Int) -> Void = { _, _ in }) async -> TraceRound {
        state.withLock { state in
            state.parity ^= 1
            state.round = TraceRound(settings: settings)
        }
        let parity = state.withLock { $0.parity }
        while true {
            let now = Clock.realtimeNanoseconds()
            let batch = state.withLock { $0.round!.takeSendable(now: now) }
            for index in batch { send(index, parity: parity, settings: settings) }
            // Give up on silent probes only once every answer already received has been seen.
            let caughtUp = !engine.hasUnhandledPackets
            let (complete, wakeAt, finished, snapshot) = state.withLock { state -> (Bool, Int64?, [Int], TraceRound) in
                let now = Clock.realtimeNanoseconds()
                if now >= deadline || Task.isCancelled { state.round!.abandon() }
                let wakeAt = caughtUp ? state.round!.expire(now: now) : now + 200_000
                let finished = state.round!.takeFinishedHops()
                return (state.round!.isComplete, wakeAt, finished, state.round!)
            }
            for ttl in finished { onHop(snapshot, ttl) }
            if complete { break }
            await waitForAnswer(until: min(wakeAt ?? (Clock.realtimeNanoseconds() + 1_000_000), deadline))
        }
        return state.withLock { state in
            var round = state.round!
            round.finishedAt = Clock.realtimeNanoseconds()
            state.round = nil
            return round
        }
    }

    private func send(_ index: Int, parity: Int, settings: TraceSettings) {
        let key = UInt32(parity * perRound + index)
        var options = settings.sendOptions
        options.hopLimit = state.withLock { $0.round!.slots[index].ttl }
        let failed: Bool
        switch method {
        case .icmp:
            let request = EchoRequest(family: destination.family, identifier: 0, sequence: UInt16(truncatingIfNeeded: keyBase &+ key),
                                      cookie: cookie, payloadSize: settings.payloadSize)
            switch engine.send(request, to: destination, options: options) {
            case .success(let sentAt):
                state.withLock { $0.round?.setSent(index, at: sentAt) }
                failed = false
            case .failure:
                failed = true
            }
        case .udp:
            let payload = [UInt8](repeating: 0x40, count: settings.payloadSize + Int(key))
            let sentAt = Clock.realtimeNanoseconds()
            failed = udpSocket!.send(payload, to: destination, port: settings.port, options: options) != nil
            if !failed { state.withLock { $0.round?.setSent(index, at: sentAt) } }
        case .tcp:
            let segment = TCPSynSegment(sourcePort: localPort, destinationPort: settings.port, sequence: keyBase &+ key,
                                        source: sourceAddress, destination: destination)
            let sentAt = Clock.realtimeNanoseconds()
            if let socket = try? engine.tcpSocket() {
                failed = socket.send(segment.bytes, to: destination, options: options) != nil
            } else {
                failed = true
            }
            if !failed { state.withLock { $0.round?.setSent(index, at: sentAt) } }
        }
        if failed { state.withLock { $0.round?.sendFailed(index) } }
    }

    public func receive(_ event: PacketEvent) {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard state.round != nil else { return nil }
            var key: UInt32
            switch method {
            case .icmp:
                key = UInt32(UInt16(truncatingIfNeeded: event.key) &- UInt16(truncatingIfNeeded: keyBase))
                if case .echoReply(let cookie) = event.kind, cookie != self.cookie { return nil }
            case .udp: key = event.key &- keyBase
            case .tcp: key = event.key &- keyBase
            }
            if case .icmpError = event.kind, event.quotedDestination.map({ $0 != destination }) ?? false { return nil }
            guard key < UInt32(perRound * 2), Int(key) / perRound == state.parity else { return nil }
            guard state.round!.record(event, index: Int(key) % perRound) else { return nil }
            let waiter = state.waiter
            state.waiter = nil
            if waiter == nil { state.signalled = true }
            if let timer = state.timer { engine.cancelTimer(timer) }
            state.timer = nil
            return waiter
        }
        waiter?.resume()
    }

    private func waitForAnswer(until deadline: Int64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadySignalled = state.withLock { state -> Bool in
                if state.signalled {
                    state.signalled = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if alreadySignalled {
                continuation.resume()
                return
            }
            let delay = Double(max(deadline - Clock.realtimeNanoseconds(), 0)) / 1e9
            let token = engine.schedule(after: delay) { [weak self] in self?.wake() }
            let answeredMeanwhile = state.withLock { state -> Bool in
                guard state.waiter != nil else { return true }
                state.timer = token
                return false
            }
            if answeredMeanwhile { engine.cancelTimer(token) }
        }
    }

    private func wake() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard state.waiter != nil else { return nil }
            let waiter = state.waiter
            state.waiter = nil
            state.timer = nil
            return waiter
        }
        waiter?.resume()
    }

    private static func any(_ family: IPAddress.Family) -> IPAddress {
        IPAddress(bytes: [UInt8](repeating: 0, count: family == .ipv4 ? 4 : 16))!
    }

    /// The source address the routing table picks for `destination`.
    static func routeSource(to destination: IPAddress) -> IPAddress? {
        guard let probe = try? PacketSocket(family: destination.family, type: Int32(SOCK_DGRAM.rawValue), protocolNumber: 0) else { return nil }
        defer { probe.close() }
        guard (try? probe.connect(to: destination, port: 9)) != nil else { return nil }
        return probe.localEndpoint()?.address
    }
}
