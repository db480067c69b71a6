#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Kernel

/// Where the `caFile` option of a monitor or one-shot probe may point: inside one directory
/// of the server (`caDirectory` of probe.http and probe.tls; by default `<dataDirectory>/ca`),
/// so that API users cannot make the server read its other files. A relative `caFile` is
/// taken inside the directory; symbolic links and `..` are resolved before the check. A probe
/// built in code without a directory (tests, benchmarks) reads any path.
public struct CADirectory: Sendable, Hashable {
    /// The directory, fully resolved; nil when `caFile` is unrestricted.
    public let path: String?
    /// The plugin named in messages.
    private let plugin: String

    /// The directory `configured` in the plugin settings, else `ca` inside the data directory;
    /// nil for both leaves `caFile` unrestricted.
    public init(configured: String?, dataDirectory: String?, plugin: String) {
        let chosen = configured ?? dataDirectory.map { URL(fileURLWithPath: $0).appendingPathComponent("ca").path }
        path = chosen.map { Self.resolved($0) ?? URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.plugin = plugin
    }

    /// The path to read for `caFile`: nil when none is given; throws a `ValidationError` on
    /// `config.caFile` when it is not a file inside the directory. Missing, unreadable and
    /// outside files get the same message, so the answer says nothing about the file system.
    public func resolve(_ caFile: String?) throws -> String? {
        guard let caFile, let directory = path else { return caFile }
        let candidate = caFile.hasPrefix("/") ? caFile : directory + "/" + caFile
        guard caFile.utf8.count <= 4096, !caFile.contains("\0"), let real = Self.resolved(candidate),
              real.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/") else {
            throw ValidationError(field: "config.caFile", """
                must name a readable PEM file in the server's CA directory (caDirectory of \(plugin), \
                by default ca/ in the data directory); or send the certificates themselves as caPEM
                """)
        }
        return real
    }

    /// The canonical absolute path of an existing file or directory, or nil.
    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
