#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A minimal blocking HTTP/1.1 client over a loopback socket, enough to drive the server in
/// end-to-end tests without pulling an HTTP client into this target.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func exchange(port: Int, method: String, path: String, body: String?, headers: [String: String] = [:]) throws -> (status: Int, body: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to \(port) failed") }
        let payload = body ?? ""
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if body != nil { request += "Content-Type: application/json\r\nContent-Length: \(payload.utf8.count)\r\n" }
        request += "\r\n" + payload
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let statusLine = text.split(separator: "\r\n").first, let code = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw Failure(description: "no HTTP response: \(text)")
        }
        let bodyText = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (code, bodyText)
    }
}
