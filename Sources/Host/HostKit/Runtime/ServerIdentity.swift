import Foundation

/// This server's default name among servers sharing a store: the host name and listening
/// port, which is unique among running servers and the same after a restart, so a restarted
/// server resumes its own leases at once. With port 0 a random suffix stands in for the port.
enum ServerIdentity {
    static func `default`(listen: String) -> String {
        let host = ProcessInfo.processInfo.hostName
        if let address = try? ListenAddress(parsing: listen), address.port != 0 { return "\(host):\(address.port)" }
        return "\(host):\(UUID().uuidString.prefix(8).lowercased())"
    }
}
