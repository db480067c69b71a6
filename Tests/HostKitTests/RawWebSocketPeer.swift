import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket client written on a plain blocking socket, for tests of what a server sends
/// byte by byte and when it closes: the upgrade request, masked client frames, and reads
/// with a deadline that tell data from the peer's FIN from silence.
final class RawWebSocketPeer {
    enum Read: Equatable {
        case data([UInt8])
        case closed
        case silent
    }

    private let socket: Int32

    /// Connects to 127.0.0.1:`port` and sends the upgrade request for `path` with `headers`;
    /// returns once the 101 response head has been read (bytes after it are kept).
    init(port: Int, path: String, headers: [String: String], receiveBuffer: Int32? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            // Before connecting, so the window the peer sees is small from the start.
            _ = setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        send(Array((request + "\r\n").utf8))
    }

    deinit { Glibc.close(socket) }

    /// Sends bytes as they are.
    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Sends a masked close frame with `code`, as a client must.
    func sendClose(code: UInt16) {
        let mask: [UInt8] = [0x11, 0x22, 0x33, 0x44]
        let payload: [UInt8] = [UInt8(code >> 8), UInt8(code & 0xff)]
        send([0x88, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
    }

    /// Sends a masked text frame of fewer than 126 bytes.
    func sendText(_ text: String) {
        let mask: [UInt8] = [0x11, 0x22, 0x33, 0x44]
        let payload = Array(text.utf8)
        precondition(payload.count < 126, "short frames only")
        send([0x81, 0x80 | UInt8(payload.count)] + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
    }

    /// Waits up to `seconds` for bytes: what arrived, the peer's FIN, or silence.
    func read(within seconds: Double) -> Read {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return .silent }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        return count > 0 ? .data(Array(buffer[0..<count])) : .closed
    }

    /// Reads until `bytes` hold the end of the response head and the first frame after it
    /// (or `seconds` pass); returns the status line and the first frame's opcode and payload.
    func readHeadAndFirstFrame(within seconds: Double) -> (status: String, opcode: UInt8, payload: [UInt8])? {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let parsed = Self.parse(bytes) { return parsed }
            guard case .data(let more) = read(within: deadline.timeIntervalSinceNow) else { return nil }
            bytes += more
        }
        return Self.parse(bytes)
    }

    private static func parse(_ bytes: [UInt8]) -> (status: String, opcode: UInt8, payload: [UInt8])? {
        guard let headEnd = Data(bytes).range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let status = String(decoding: bytes[0..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")[0]
        let frame = Array(bytes[headEnd.upperBound...])
        guard frame.count >= 2, frame[1] < 126, frame.count >= 2 + Int(frame[1]) else { return nil }
        return (status, frame[0] & 0x0f, Array(frame[2..<2 + Int(frame[1])]))
    }
}
