import AsyncHTTPClient
import Foundation
import Kernel
import NIOCore
import PacketSupport

/// Fetches RDAP JSON over HTTP(S), and bootstrap files from URLs or local paths.
struct RDAPClient: Sendable {
    var maxBytes: Int
    /// Addresses never contacted: the URL's host is resolved and checked before the request.
    var policy: TargetPolicy = .standard

    /// The decoded JSON at `url`, or `nil` for HTTP 404 (no such object).
    func fetch(_ url: String, timeout: Double) async throws(ProbeFailure) -> (json: JSONValue?, status: Int) {
        if !url.hasPrefix("http://") && !url.hasPrefix("https://") {
            return (try readFile(url), 200)
        }
        guard let host = URL(string: url)?.host, !host.isEmpty else {
            throw ProbeFailure(code: "bad_server", message: "'\(url.prefix(200))' is not a URL with a host")
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        _ = try await TargetResolver.resolve(bare, family: .any, policy: policy)
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/rdap+json, application/json")
        request.headers.add(name: "User-Agent", value: "vantage-whois")
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(max(timeout, 0.01) * 1000)))
            let body = try await response.body.collect(upTo: maxBytes)
            let status = Int(response.status.code)
            if status == 404 { return (nil, 404) }
            guard (200..<300).contains(status) else {
                throw ProbeFailure(code: "rdap_error", message: "\(url) answered HTTP \(status)")
            }
            return (try decode(Data(body.readableBytesView), from: url), status)
        } catch let failure as ProbeFailure {
            throw failure
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw ProbeFailure(code: "timeout", message: "\(url) did not answer within \(formatSeconds(timeout))")
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw ProbeFailure(code: "response_too_large", message: "\(url) sent more than \(maxBytes) bytes")
        } catch {
            throw ProbeFailure(code: "rdap_error", message: "fetching \(url) failed: \(error)")
        }
    }

    private func readFile(_ path: String) throws(ProbeFailure) -> JSONValue {
        let local = path.hasPrefix("file://") ? String(path.dropFirst(7)) : path
        guard let data = FileManager.default.contents(atPath: local) else {
            throw ProbeFailure(code: "rdap_error", message: "cannot read \(local)")
        }
        guard data.count <= maxBytes else { throw ProbeFailure(code: "response_too_large", message: "\(local) is larger than \(maxBytes) bytes") }
        return try decode(data, from: local)
    }

    private func decode(_ data: Data, from source: String) throws(ProbeFailure) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ProbeFailure(code: "bad_response", message: "\(source) did not send JSON: \(String(describing: error).prefix(200))")
        }
    }
}
