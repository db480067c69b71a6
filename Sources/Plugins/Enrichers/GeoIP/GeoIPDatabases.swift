import Foundation
import Kernel
import Synchronization

/// The MaxMind databases found in one directory, kept current: `refresh()` opens a file that
/// appeared or changed, drops one that was removed, and keeps answering from the previous
/// copy when a changed file cannot be opened (a truncated download), saying so.
final class GeoIPDatabases: Sendable {
    private struct Loaded {
        var database: MaxMindDatabase
        var fingerprint: FileFingerprint
    }

    private struct State {
        var loaded: [GeoIPEdition: Loaded] = [:]
        var problems: [GeoIPEdition: String] = [:]
    }

    /// The directory searched.
    let directory: String
    private let state = Mutex(State())

    /// Databases in `directory`, opened by the first `refresh()`.
    init(directory: String) { self.directory = directory }

    /// Opens what appeared or changed since the last call and drops what was removed;
    /// returns whether anything the lookups use changed.
    @discardableResult
    func refresh() -> Bool {
        var changed = false
        for edition in GeoIPEdition.allCases {
            let found = edition.fileNames.lazy
                .map { (self.directory as NSString).appendingPathComponent($0) }
                .compactMap { path in FileFingerprint(path: path).map { (path: path, fingerprint: $0) } }
                .first
            let current = state.withLock { $0.loaded[edition] }
            guard let found else {
                if current != nil { changed = true }
                state.withLock { $0.loaded[edition] = nil; $0.problems[edition] = nil }
                continue
            }
            if let current, current.fingerprint == found.fingerprint,
               current.database.fileName == (found.path as NSString).lastPathComponent { continue }
            do {
                let database = try MaxMindDatabase(path: found.path)
                state.withLock { $0.loaded[edition] = Loaded(database: database, fingerprint: found.fingerprint); $0.problems[edition] = nil }
                changed = true
            } catch {
                let previous = current.map { "; answering from the copy of \($0.database.fileName) loaded before" } ?? ""
                state.withLock { $0.problems[edition] = "\(error)\(previous)" }
            }
        }
        return changed
    }

    /// The file names in use, by edition, with their `database_type`.
    var inUse: [(edition: GeoIPEdition, fileName: String, databaseType: String)] {
        state.withLock { state in
            GeoIPEdition.allCases.compactMap { edition in
                state.loaded[edition].map { (edition, $0.database.fileName, $0.database.databaseType) }
            }
        }
    }

    /// Nil when a database answers and none failed to open; otherwise why not.
    var unavailableReason: String? {
        state.withLock { state in
            let problems = GeoIPEdition.allCases.compactMap { state.problems[$0] }
            if state.loaded.isEmpty {
                let expected = "no GeoIP database in \(directory) (expected \(GeoIPEdition.allFileNames.joined(separator: ", ")); "
                    + "scripts/update-geoip.sh downloads GeoLite2)"
                return ([expected] + problems).joined(separator: "; ")
            }
            return problems.isEmpty ? nil : problems.joined(separator: "; ")
        }
    }

    /// What the databases know about `address`: country, city and coordinates from the City
    /// database (else the country from the Country database), the network from the ASN one.
    func annotation(for address: String) -> AddressAnnotation {
        let (city, country, asn) = state.withLock { ($0.loaded[.city]?.database, $0.loaded[.country]?.database, $0.loaded[.asn]?.database) }
        var annotation = AddressAnnotation()
        if var record = (city ?? country)?.record(for: address) {
            annotation.countryCode = record.string("country", "iso_code") ?? record.string("registered_country", "iso_code")
            annotation.country = record.string("country", "names", "en") ?? record.string("registered_country", "names", "en")
            annotation.city = record.string("city", "names", "en")
            annotation.latitude = record.double("location", "latitude")
            annotation.longitude = record.double("location", "longitude")
            annotation.accuracyRadiusKm = record.integer("location", "accuracy_radius")
        }
        if var record = asn?.record(for: address) {
            annotation.asn = record.integer("autonomous_system_number")
            annotation.organization = record.string("autonomous_system_organization")
        }
        return annotation
    }
}
