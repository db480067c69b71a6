#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PacketShims
import PacketSupport
import Synchronization

/// Sends DNS queries and waits for their responses on one epoll thread for the whole
/// process, so a query costs its few system calls and no thread or event-loop hand-off of
/// its own. Each query gets a fresh socket, so the kernel picks a random source port for
/// every query; UDP queries are retried on the same socket, TCP queries are framed with
/// their length (RFC 1035 §4.2.2).
final class DNSTransport: Sendable {
    /// The transport every `probe.dns` instance shares.
    static let shared = DNSTransport()

    private struct State {
        var exchanges: [Int32: DNSExchange] = [:]
        var timers = TimerQueue()
        /// When the epoll thread will wake up by itself (monotonic ns): a new timer due later
        /// needs no wake-up call, which saves a context switch per query.
        var loopWakesAt: Int64 = 0
    }

    /// The longest the epoll thread sleeps while a query is in flight, so that most new timers
    /// fall after its next wake-up and need no wake-up call.
    private static let maximumSleep: Int64 = 50_000_000

    private let state = Mutex(State())
    private let epoll: Int32
    private let wake: Int32
    private static let wakeToken = UInt64.max

    private init() {
        epoll = vantage_epoll_create()
        wake = vantage_eventfd()
        _ = vantage_epoll_control(epoll, wake, VANTAGE_EPOLLIN, Self.wakeToken, 0)
        let thread = Thread { [self] in loop() }
        thread.name = "vantage-dns"
        thread.start()
    }

    /// Sends `query` to `address:port` and waits for the matching response: over UDP with
    /// up to `attempts` sends `attemptTimeout` seconds apart, or over TCP within one
    /// `attemptTimeout`. Honours task cancellation.
    func exchange(_ query: [UInt8], questionLength: Int, address: IPAddress, port: UInt16, overTCP: Bool,
                  attemptTimeout: Double, attempts: Int) async -> DNSExchangeOutcome {
        let server = address.family == .ipv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
        let descriptor: Int32
        switch DNSExchange.openSocket(to: address, port: port, overTCP: overTCP) {
        case .success(let opened): descriptor = opened
        case .failure(let failure): return .failure(failure)
        }
        let exchange = DNSExchange(descriptor: descriptor, overTCP: overTCP, query: query, questionLength: questionLength,
                                   server: server, attemptTimeout: Int64(attemptTimeout * 1e9), attempts: max(attempts, 1))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in start(exchange, continuation: continuation) }
        } onCancel: {
            finish(exchange, .failure(DNSTransportFailure(code: "cancelled", message: "the query was cancelled")))
        }
    }

    private func start(_ exchange: DNSExchange, continuation: CheckedContinuation<DNSExchangeOutcome, Never>) {
        let now = Clock.monotonicNanoseconds()
        // Only the bookkeeping happens under the lock; the system calls do not, so the epoll
        // thread is never kept waiting behind a send.
        let registered: Bool = state.withLock { state in
            if exchange.cancelRequested { return false }
            exchange.firstSend = now
            exchange.continuation = continuation
            state.exchanges[exchange.descriptor] = exchange
            let due = now + exchange.attemptTimeout
            exchange.timer = state.timers.schedule(at: due) { [self] in attemptTimedOut(exchange) }
            exchange.wakeNeeded = due < state.loopWakesAt
            return true
        }
        guard registered else {
            exchange.finished = true
            close(exchange.descriptor)
            continuation.resume(returning: .failure(DNSTransportFailure(code: "cancelled", message: "the query was cancelled")))
            return
        }
        let events = exchange.overTCP ? VANTAGE_EPOLLOUT : VANTAGE_EPOLLIN
        _ = vantage_epoll_control(epoll, exchange.descriptor, events, UInt64(exchange.descriptor), 0)
        if exchange.wakeNeeded { wakeLoop() }
        if !exchange.overTCP, let code = exchange.send() {
            finish(exchange, .failure(DNSExchange.failure(code, server: exchange.server)))
        }
        // A finish that came in meanwhile (a cancellation, a failed send) left the socket open
        // for us, so its number could not be reused while we still used it.
        let closeNow = state.withLock { _ in
            exchange.starting = false
            return exchange.finished
        }
        if closeNow { close(exchange.descriptor) }
    }

    /// Ends an exchange once: closes its socket and resumes its caller.
    private func finish(_ exchange: DNSExchange, _ outcome: DNSExchangeOutcome) {
        let continuation: CheckedContinuation<DNSExchangeOutcome, Never>? = state.withLock { state in
            guard !exchange.finished else { return nil }
            guard let continuation = exchange.continuation else {
                exchange.cancelRequested = true
                return nil
            }
            exchange.finished = true
            exchange.continuation = nil
            state.exchanges[exchange.descriptor] = nil
            state.timers.cancel(exchange.timer)
            if !exchange.starting { close(exchange.descriptor) }
            return continuation
        }
        continuation?.resume(returning: outcome)
    }

    private func attemptTimedOut(_ exchange: DNSExchange) {
        let retried: Bool = state.withLock { state in
            guard !exchange.finished, !exchange.overTCP, exchange.attemptsLeft > 0 else { return false }
            exchange.attemptsLeft -= 1
            _ = exchange.send()
            exchange.timer = state.timers.schedule(at: Clock.monotonicNanoseconds() + exchange.attemptTimeout) { [self] in
                attemptTimedOut(exchange)
            }
            return true
        }
        guard !retried else { return }
        let waited = Double(Clock.monotonicNanoseconds() - exchange.firstSend) / 1e9
        let what = exchange.overTCP ? "over TCP" : "after \(exchange.attemptsLeft + 1 == 1 ? "1 attempt" : "several attempts")"
        finish(exchange, .failure(DNSTransportFailure(code: "timeout",
            message: "no response from \(exchange.server) \(what) within \(String(format: "%.3g", waited)) s")))
    }

    private func wakeLoop() {
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    // MARK: The epoll thread

    private func loop() {
        var tokens = [UInt64](repeating: 0, count: 64)
        var events = [UInt32](repeating: 0, count: 64)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let now = Clock.monotonicNanoseconds()
            for action in state.withLock({ $0.timers.takeDue(now: now) }) { action() }
            // Read after the actions ran: a retry schedules its next timer from one of them.
            // With no timer pending (no query in flight) it sleeps until a query's start wakes it.
            let wakeAt = state.withLock { state in
                let wakeAt = state.timers.nextDue().map { min($0, Clock.monotonicNanoseconds() + Self.maximumSleep) } ?? .max
                state.loopWakesAt = wakeAt
                return wakeAt
            }
            let timeout = wakeAt == .max ? -1 : Int32(clamping: max((wakeAt - Clock.monotonicNanoseconds() + 999_999) / 1_000_000, 0))
            let count = vantage_epoll_wait(epoll, &tokens, &events, 64, timeout)
            if count < 0 { continue }
            for index in 0..<Int(count) {
                if tokens[index] == Self.wakeToken {
                    var value: UInt64 = 0
                    _ = read(wake, &value, 8)
                    continue
                }
                let descriptor = Int32(truncatingIfNeeded: tokens[index])
                guard let exchange = state.withLock({ $0.exchanges[descriptor] }) else { continue }
                if exchange.overTCP {
                    handleTCP(exchange, events: events[index], buffer: &buffer)
                } else {
                    handleUDP(exchange, buffer: &buffer)
                }
            }
        }
    }

    private func handleUDP(_ exchange: DNSExchange, buffer: inout [UInt8]) {
        while true {
            let (count, received, code) = exchange.receiveDatagram(into: &buffer)
            if count < 0 {
                if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return }
                finish(exchange, .failure(DNSExchange.failure(code, server: exchange.server)))
                return
            }
            guard exchange.matches(buffer[0..<count]) else { continue }
            // The round trip of the attempt answered, from the kernel's receive time when it
            // gave one.
            let seconds = received > 0 && exchange.lastSendRealtime > 0 && received >= exchange.lastSendRealtime
                ? Double(received - exchange.lastSendRealtime) / 1e9
                : Double(Clock.monotonicNanoseconds() - exchange.firstSend) / 1e9
            finish(exchange, .response(Array(buffer[0..<count]), seconds: seconds))
            return
        }
    }

    private func handleTCP(_ exchange: DNSExchange, events: UInt32, buffer: inout [UInt8]) {
        let connecting = state.withLock { _ in exchange.phase == .connecting }
        if connecting {
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(exchange.descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { return finish(exchange, .failure(DNSExchange.failure(error, server: exchange.server))) }
            if let code = exchange.send() { return finish(exchange, .failure(DNSExchange.failure(code, server: exchange.server))) }
            state.withLock { _ in
                exchange.phase = .awaitingResponse
                _ = vantage_epoll_control(epoll, exchange.descriptor, VANTAGE_EPOLLIN, UInt64(exchange.descriptor), 1)
            }
            return
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(exchange.descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count < 0 {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return }
                return finish(exchange, .failure(DNSExchange.failure(code, server: exchange.server)))
            }
            if count == 0 {
                return finish(exchange, .failure(DNSTransportFailure(code: "connection_closed",
                    message: "\(exchange.server) closed the TCP connection before a full response")))
            }
            exchange.received.append(contentsOf: buffer[0..<count])
            guard exchange.received.count >= 2 else { continue }
            let length = Int(exchange.received[0]) << 8 | Int(exchange.received[1])
            guard exchange.received.count >= 2 + length else { continue }
            let message = exchange.received[2..<2 + length]
            guard exchange.matches(message) else {
                return finish(exchange, .failure(DNSTransportFailure(code: "bad_response",
                    message: "\(exchange.server) sent a TCP response that does not match the query")))
            }
            let seconds = Double(Clock.monotonicNanoseconds() - exchange.firstSend) / 1e9
            return finish(exchange, .response(Array(message), seconds: seconds))
        }
    }
}
