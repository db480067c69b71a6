#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One ICMP socket per address family and mode, shared by every ping and trace in the process.
///
/// Sessions reserve echo sequence numbers (or register the UDP/TCP source port of a trace);
/// a reader thread decodes each arriving packet and hands it to the sink that owns it. On
/// raw sockets replies are also matched on this engine's echo identifier; on datagram
/// sockets the kernel rewrites the identifier and delivers only this socket's replies, so
/// the sequence alone decides.
public final class ICMPEngine: Sendable {
    /// The address family of the socket.
    public let family: IPAddress.Family
    /// `raw` or `datagram` (never `auto`).
    public let mode: SocketMode
    /// The echo identifier used on raw sockets.
    public let identifier: UInt16
    let socket: PacketSocket
    private let registry = Mutex(Registry())
    private let tcpReader = Mutex<(socket: PacketSocket, reader: SocketReader)?>(nil)
    private let icmpReader = Mutex<SocketReader?>(nil)

    private struct Registry {
        var echo: [UInt16: any PacketSink] = [:]
        var udp: [UInt16: any PacketSink] = [:]
        var tcp: [UInt16: any PacketSink] = [:]
        var nextSequence = UInt16.random(in: 0...UInt16.max)
    }

    private static let engines = Mutex<[String: ICMPEngine]>([:])

    /// The shared engine for a family. `auto` reuses a raw engine, else a datagram engine,
    /// else opens raw and falls back to datagram.
    public static func shared(family: IPAddress.Family, mode: SocketMode = .auto) throws(SocketPermissionError) -> ICMPEngine {
        try engines.withLock { (table: inout [String: ICMPEngine]) throws(SocketPermissionError) -> ICMPEngine in
            let candidates: [SocketMode] = mode == .auto ? [.raw, .datagram] : [mode]
            for candidate in candidates {
                if let engine = table["\(family.rawValue)/\(candidate.rawValue)"] { return engine }
            }
            let (socket, opened) = try SocketAccess.openICMP(family: family, mode: mode)
            let engine = ICMPEngine(socket: socket, family: family, mode: opened)
            table["\(family.rawValue)/\(opened.rawValue)"] = engine
            return engine
        }
    }

    private init(socket: PacketSocket, family: IPAddress.Family, mode: SocketMode) {
        self.socket = socket
        self.family = family
        self.mode = mode
        self.identifier = UInt16.random(in: 1...UInt16.max)
        configure()
        let icmpHandler: @Sendable (ReceivedPacket) -> Void = { [unowned self] packet in self.handleICMP(packet) }
        let reader = SocketReader(socket: socket, name: "vantage-icmp-\(family.rawValue)", errorQueue: mode == .datagram, handler: icmpHandler)
        icmpReader.withLock { $0 = reader }
    }

    private func configure() {
        if !socket.set(SOL_SOCKET, SO_RCVBUFFORCE, 4 << 20) { socket.set(SOL_SOCKET, SO_RCVBUF, 4 << 20) }
        switch (family, mode) {
        case (.ipv4, .raw):
            let pass: UInt32 = 1 << 0 | 1 << 3 | 1 << 11 | 1 << 12
            socket.set(SocketOption.levelRaw, SocketOption.icmpFilter, Int32(bitPattern: ~pass))
        case (.ipv6, .raw):
            var blocked = [UInt32](repeating: .max, count: 8)
            for type in [ICMPType.echoReplyV6, ICMPType.destinationUnreachableV6, ICMPType.timeExceededV6, ICMPType.parameterProblemV6, ICMPType.packetTooBigV6] {
                blocked[Int(type) >> 5] &= ~(1 << (UInt32(type) & 31))
            }
            socket.set(SocketOption.levelICMPv6, SocketOption.icmpFilter, bytes: blocked.withUnsafeBytes { Array($0) })
            socket.enable(SocketOption.levelIPv6, SocketOption.ipv6ReceiveHopLimit)
        case (.ipv4, _):
            socket.enable(SocketOption.levelIP, SocketOption.ipReceiveError)
            socket.enable(SocketOption.levelIP, SocketOption.ipReceiveTTL)
        case (.ipv6, _):
            socket.enable(SocketOption.levelIPv6, SocketOption.ipv6ReceiveError)
            socket.enable(SocketOption.levelIPv6, SocketOption.ipv6ReceiveHopLimit)
        }
    }

    // MARK: Registration

    /// Reserves `count` consecutive echo sequence numbers (modulo 2^16) for `sink` and returns
    /// the first. Throws when the process already has too many probes in flight.
    public func reserveSequences(count: Int, for sink: any PacketSink) throws(ProbeCapacityError) -> UInt16 {
        guard count > 0, count <= 16_384 else { throw ProbeCapacityError(count: count) }
        return try registry.withLock { (state: inout Registry) throws(ProbeCapacityError) -> UInt16 in
            for _ in 0..<64 {
                let base = state.nextSequence
                let range = (0..<count).map { base &+ UInt16(truncatingIfNeeded: $0) }
                state.nextSequence = base &+ UInt16(truncatingIfNeeded: count)
                if range.allSatisfy({ state.echo[$0] == nil }) {
                    for sequence in range { state.echo[sequence] = sink }
                    return base
                }
            }
            throw ProbeCapacityError(count: count)
        }
    }

    /// Hands sequence numbers already reserved to another sink.
    public func assignSequences(from base: UInt16, count: Int, to sink: any PacketSink) {
        registry.withLock { state in
            for offset in 0..<count { state.echo[base &+ UInt16(truncatingIfNeeded: offset)] = sink }
        }
    }

    /// Releases sequence numbers reserved by `reserveSequences`.
    public func releaseSequences(from base: UInt16, count: Int) {
        registry.withLock { state in
            for offset in 0..<count { state.echo[base &+ UInt16(truncatingIfNeeded: offset)] = nil }
        }
    }

    /// Routes ICMP errors quoting UDP datagrams from `port` to `sink` (nil to stop).
    public func route(udpPort port: UInt16, to sink: (any PacketSink)?) {
        registry.withLock { $0.udp[port] = sink }
    }

    /// Routes ICMP errors quoting TCP segments from `port`, and TCP segments to `port`, to
    /// `sink` (nil to stop). Opens the shared raw TCP socket on first use.
    public func route(tcpPort port: UInt16, to sink: (any PacketSink)?) throws(SocketPermissionError) {
        if sink != nil { _ = try tcpSocket() }
        registry.withLock { $0.tcp[port] = sink }
    }

    // MARK: Sending

    /// Sends an echo request; returns the send time (realtime ns) or the errno.
    public func send(_ request: EchoRequest, to destination: IPAddress, options: SendOptions = SendOptions()) -> Result<Int64, SocketError> {
        var request = request
        if mode == .raw { request.identifier = identifier }
        let bytes = request.bytes
        var sentAt = Clock.realtimeNanoseconds()
        var failure = socket.send(bytes, to: destination, options: options)
        // With IP_RECVERR every queued ICMP error (say, the time exceeded of an earlier probe)
        // is also reported, once, by the next send, which then sends nothing: try again while
        // errors keep arriving, a few times at most (a real local routing error repeats).
        var attempts = 0
        while let errno = failure, mode == .datagram, attempts < 8, Self.icmpDerivedErrors.contains(errno) {
            attempts += 1
            sentAt = Clock.realtimeNanoseconds()
            failure = socket.send(bytes, to: destination, options: options)
        }
        if let failure { return .failure(SocketError(operation: "send to \(destination)", errno: failure)) }
        return .success(sentAt)
    }

    private static let icmpDerivedErrors: Set<Int32> = [EHOSTUNREACH, ENETUNREACH, ECONNREFUSED, EPROTO, EMSGSIZE, EACCES, ENOPROTOOPT]

    /// Runs `action` on the ICMP reader thread after `seconds`, unless cancelled with
    /// `cancelTimer`: reply deadlines without a sleeping task per session.
    public func schedule(after seconds: Double, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let due = Clock.monotonicNanoseconds() + Int64(max(seconds, 0) * 1e9)
        return icmpReader.withLock { $0 }?.schedule(at: due, action) ?? 0
    }

    /// Cancels a timer made by `schedule(after:_:)`.
    public func cancelTimer(_ token: UInt64) { icmpReader.withLock { $0 }?.cancelTimer(token) }

    /// Runs `pacer` on the ICMP socket's reader thread until it has sent everything.
    public func attach(_ pacer: any PacketPacer) {
        icmpReader.withLock { $0 }?.attach(pacer)
    }

    /// The shared raw TCP socket of this family, opened (and read) on first use.
    public func tcpSocket() throws(SocketPermissionError) -> PacketSocket {
        try tcpReader.withLock { (existing: inout (socket: PacketSocket, reader: SocketReader)?) throws(SocketPermissionError) -> PacketSocket in
            if let existing { return existing.socket }
            let socket = try SocketAccess.openRaw(family: family, protocolNumber: Int32(IPPROTO_TCP), purpose: "the tcp trace method")
            if family == .ipv6 { socket.set(SocketOption.levelIPv6, SocketOption.ipv6Checksum, 16) }
            socket.set(SOL_SOCKET, SO_RCVBUF, 1 << 20)
            let handler: @Sendable (ReceivedPacket) -> Void = { [unowned self] packet in self.handleTCP(packet) }
            let reader = SocketReader(socket: socket, name: "vantage-tcp-\(family.rawValue)", errorQueue: false, handler: handler)
            existing = (socket, reader)
            return socket
        }
    }

    // MARK: Receiving

    /// Whether answers have arrived on this engine's sockets that sinks have not seen yet.
    public var hasUnhandledPackets: Bool {
        (icmpReader.withLock { $0 }?.hasUnhandledPackets ?? false) || (tcpReader.withLock { $0?.reader }?.hasUnhandledPackets ?? false)
    }

    private func handleICMP(_ packet: ReceivedPacket) {
        if let error = packet.extendedError {
            handleQueuedError(packet, error)
            return
        }
        let decoded = family == .ipv4
            ? PacketParser.icmpV4(packet.bytes, includesIPHeader: mode == .raw)
            : PacketParser.icmpV6(packet.bytes, hopLimit: packet.hopLimit)
        guard let decoded, let responder = packet.source else { return }
        switch decoded {
        case .echoReply(let identifier, let sequence, let payload, let ttl):
            guard mode == .datagram || identifier == self.identifier else { return }
            let event = PacketEvent(kind: .echoReply(cookie: EchoRequest.cookie(inPayload: payload)), key: UInt32(sequence),
                                    responder: responder, timestamp: packet.timestamp, ttl: ttl ?? packet.hopLimit)
            registry.withLock { $0.echo[sequence] }?.receive(event)
        case .icmpError(let type, let code, let quoted, let ttl):
            var event = PacketEvent(kind: .icmpError(type: type, code: code), key: 0, responder: responder,
                                    timestamp: packet.timestamp, ttl: ttl ?? packet.hopLimit, quotedDestination: quoted.destination)
            let sink: (any PacketSink)?
            switch quoted.transport {
            case .echo(let identifier, let sequence):
                guard mode == .datagram || identifier == self.identifier else { return }
                event.key = UInt32(sequence)
                sink = registry.withLock { $0.echo[sequence] }
            case .udp(let sourcePort, _, let length):
                event.key = UInt32(length)
                sink = registry.withLock { $0.udp[sourcePort] }
            case .tcp(let sourcePort, _, let sequence):
                event.key = sequence
                sink = registry.withLock { $0.tcp[sourcePort] }
            }
            sink?.receive(event)
        case .tcp:
            return
        }
    }

    /// An ICMP error queued on a datagram socket: the payload is our echo request as sent.
    private func handleQueuedError(_ packet: ReceivedPacket, _ error: ExtendedError) {
        guard error.isICMP, let offender = error.offender, packet.bytes.count >= 8 else { return }
        let sequence = packet.bytes.word(at: packet.bytes.startIndex + 6)
        let event = PacketEvent(kind: .icmpError(type: error.type, code: error.code), key: UInt32(sequence),
                                responder: offender, timestamp: packet.timestamp, ttl: packet.hopLimit)
        registry.withLock { $0.echo[sequence] }?.receive(event)
    }

    private func handleTCP(_ packet: ReceivedPacket) {
        guard case .tcp(let segment)? = PacketParser.tcp(packet.bytes, includesIPHeader: family == .ipv4),
              let responder = segment.source ?? packet.source,
              segment.isSynAck || segment.isReset else { return }
        guard let sink = registry.withLock({ $0.tcp[segment.destinationPort] }) else { return }
        sink.receive(PacketEvent(kind: .tcp(flags: segment.flags), key: segment.acknowledgement &- 1, responder: responder,
                                 timestamp: packet.timestamp, ttl: segment.ttl))
    }
}

/// Too many probes in flight in this process to reserve more sequence numbers.
public struct ProbeCapacityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How many sequence numbers were asked for.
    public var count: Int
    public var description: String { "cannot reserve \(count) ICMP sequence numbers: too many probes in flight in this process" }
}
