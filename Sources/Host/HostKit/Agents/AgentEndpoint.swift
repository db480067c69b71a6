import Foundation
import Kernel
import NIOSSL

/// Where an agent dials: the server's API address turned into its WebSocket URL, with TLS
/// verified against the system's roots or a CA file.
struct AgentEndpoint: Sendable {
    /// `ws://` or `wss://` URL of `/api/v1/agents/connect`.
    let url: String
    /// TLS settings for `wss://`; nil for `ws://`.
    let tls: TLSConfiguration?

    /// Parses `--server` (`https://vantage.example.com`, `http://10.0.0.1:8080`, a path
    /// prefix allowed) and `--ca-file`.
    init(server: String, caFile: String?) throws {
        guard let components = URLComponents(string: server), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw Kernel.ValidationError(field: "--server", "'\(server)' is not a URL such as https://vantage.example.com")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw Kernel.ValidationError(field: "--server", "must not carry credentials, a query or a fragment")
        }
        let secure: Bool
        switch scheme {
        case "https", "wss": secure = true
        case "http", "ws": secure = false
        default: throw Kernel.ValidationError(field: "--server", "scheme '\(scheme)' is not one of", allowedValues: ["https", "http", "wss", "ws"])
        }
        let hostText = host.contains(":") ? "[\(host)]" : host
        let port = components.port.map { ":\($0)" } ?? ""
        var prefix = components.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        url = "\(secure ? "wss" : "ws")://\(hostText)\(port)\(prefix)\(AgentHeaders.path)"
        if secure {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .fullVerification
            if let caFile {
                do {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
                } catch {
                    throw Kernel.ValidationError(field: "--ca-file", "cannot read PEM certificates from '\(caFile)': \(error)")
                }
            }
            tls = configuration
        } else {
            if caFile != nil { throw Kernel.ValidationError(field: "--ca-file", "applies to https:// servers only") }
            tls = nil
        }
    }
}
