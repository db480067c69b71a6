import Crypto
import Foundation

/// The web interface's files (`Resources/Web`, shipped in HostKit's resource bundle beside the
/// binary), read once at start-up and served from memory with a strong ETag; text files are
/// also kept gzip-compressed, for browsers that accept it.
public struct WebAssets: Sendable {
    /// One file ready to serve.
    public struct Asset: Sendable {
        public let bytes: [UInt8]
        public let contentType: String
        public let etag: String
        /// The file gzip-compressed, when it is text and compression makes it smaller.
        public let gzipped: [UInt8]?
        /// The ETag of the compressed form (a strong ETag names one representation).
        public var gzipETag: String { String(etag.dropLast()) + "-gz\"" }
    }

    /// Files by their path below the web root (`index.html`, `pages/monitors.js`).
    public let files: [String: Asset]

    /// Reads every file below `root`.
    public init(root: URL) throws {
        var files: [String: Asset] = [:]
        let base = root.standardizedFileURL.path
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            let bytes = Array(try Data(contentsOf: url))
            let digest = SHA256.hash(data: bytes).prefix(12).map { String(format: "%02x", $0) }.joined()
            let type = Self.contentType(of: path)
            let gzipped = Self.compressible(type) ? Gzip.compress(bytes).flatMap { $0.count < bytes.count ? $0 : nil } : nil
            files[path] = Asset(bytes: bytes, contentType: type, etag: "\"\(digest)\"", gzipped: gzipped)
        }
        self.files = files
    }

    /// The files shipped with HostKit; empty when the resource bundle has no web files. Read
    /// and compressed once per process, however many hosts it assembles (tests start hundreds).
    public static func bundled() -> WebAssets { shipped }

    private static let shipped: WebAssets = {
        guard let root = Bundle.module.url(forResource: "Web", withExtension: nil),
              let assets = try? WebAssets(root: root) else { return WebAssets(files: [:]) }
        return assets
    }()

    init(files: [String: Asset]) { self.files = files }

    /// Text types, which compress; images such as PNG do not.
    static func compressible(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/json") || contentType.hasPrefix("image/svg")
    }

    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "json", "webmanifest": "application/json"
        case "txt", "md": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
