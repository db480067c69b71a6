import Foundation

/// The three kinds of MaxMind database the enricher reads, each under MaxMind's own file
/// names (as `geoipupdate` and the GeoLite2 downloads write them). Where both a GeoIP2 and a
/// GeoLite2 file are present, the GeoIP2 one (the commercial, more precise edition) is used.
enum GeoIPEdition: String, CaseIterable, Sendable {
    /// Country, city and coordinates.
    case city
    /// Country only; used when no City database is present.
    case country
    /// Autonomous system number and organisation (GeoIP2-ISP carries the same fields).
    case asn

    /// The file names this edition is read from, preferred first.
    var fileNames: [String] {
        switch self {
        case .city: ["GeoIP2-City.mmdb", "GeoLite2-City.mmdb"]
        case .country: ["GeoIP2-Country.mmdb", "GeoLite2-Country.mmdb"]
        case .asn: ["GeoIP2-ISP.mmdb", "GeoLite2-ASN.mmdb"]
        }
    }

    /// Every file name the enricher looks for, for messages.
    static var allFileNames: [String] { allCases.flatMap(\.fileNames) }
}

/// What identifies one version of a file: replacing it (a rename, as `geoipupdate` and
/// `scripts/update-geoip.sh` do) or rewriting it changes the inode, size or modification time.
struct FileFingerprint: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    /// The fingerprint of the regular file at `path`, or nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }
}
