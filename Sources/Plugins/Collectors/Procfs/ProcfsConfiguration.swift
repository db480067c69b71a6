import Kernel

/// Plugin configuration of `collector.procfs`.
public struct ProcfsConfiguration: PluginConfiguration, Hashable {
    /// The directory `/proc`, `/etc` and mount points are read under: `/` (default), or where
    /// the host's root is mounted when Vantage runs in a container (`/host`, as
    /// node_exporter's `--path.rootfs`). Must be absolute.
    public var root: String
    /// Whether each collection reads the process list (one `stat`, `status` and `cmdline` per
    /// process). Default true.
    public var processes: Bool

    /// Creates a configuration.
    public init(root: String = "/", processes: Bool = true) {
        self.root = root
        self.processes = processes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        root = try container.decodeIfPresent(String.self, forKey: .root) ?? "/"
        processes = try container.decodeIfPresent(Bool.self, forKey: .processes) ?? true
        guard root.hasPrefix("/"), !root.contains("\0"), !root.split(separator: "/").contains("..") else {
            throw DecodingError.dataCorruptedError(forKey: .root, in: container,
                                                   debugDescription: "must be an absolute directory without `..`, such as / or /host")
        }
    }

    /// The root as a path prefix: empty for `/`, else without a trailing slash.
    var prefix: String {
        var trimmed = root
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return trimmed
    }
}
