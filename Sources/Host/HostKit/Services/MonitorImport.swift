import Foundation
import Kernel

/// A file of monitors to import: a JSON array of monitor objects, each as
/// `POST /api/v1/monitors` takes it, or NDJSON (one such object per line; blank lines and
/// CRLF endings are fine). Suited to a million monitors: NDJSON is read line by line.
enum MonitorImportFile {
    /// The most issues reported for one import.
    static let maximumIssues = 20

    /// The entries of `data` that decode, and an issue naming each that does not
    /// (`[3].interval` in an array, `line 4.interval` in NDJSON), at most `maximumIssues`.
    /// Throws only when the file as a whole is unreadable.
    static func parse(_ data: Data) throws -> (inputs: [(entry: String, input: MonitorInput)], issues: [FieldIssue]) {
        let first = data.first { !(" \t\r\n" as String).utf8.contains($0) }
        if first == UInt8(ascii: "[") {
            let value: JSONValue
            do {
                value = try JSONValue.parse(data)
            } catch {
                throw ValidationError(field: "file", "is not valid JSON: \(error.localizedDescription)")
            }
            guard case .array(let elements) = value else { throw ValidationError(field: "file", "must be a JSON array or NDJSON") }
            return collect(elements.enumerated().map { ("[\($0.offset)]", Result<JSONValue, any Error>.success($0.element)) })
        }
        var entries: [(String, Result<JSONValue, any Error>)] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            guard trimmed.contains(where: { !(" \t" as String).utf8.contains($0) }) else { continue }
            entries.append(("line \(lineNumber)", Result { try JSONValue.parse(Data(trimmed)) }))
        }
        return collect(entries)
    }

    private static func collect(_ entries: some Sequence<(String, Result<JSONValue, any Error>)>)
        -> (inputs: [(entry: String, input: MonitorInput)], issues: [FieldIssue]) {
        var inputs: [(entry: String, input: MonitorInput)] = []
        var issues: [FieldIssue] = []
        for (entry, parsed) in entries {
            do {
                let value = try parsed.get()
                inputs.append((entry, try RequestDecoding.decode(MonitorInput.self, from: value)))
            } catch let error as ValidationError {
                issues += error.nested(under: entry).issues
            } catch {
                issues.append(FieldIssue(field: entry, message: "is not a JSON object"))
            }
            if issues.count >= maximumIssues { break }
        }
        return (inputs, issues)
    }
}

extension MonitorService {
    /// Validates every input as the API does, then stores them all in one transaction, or
    /// nothing: a `ValidationError` names each bad entry (at most 20), those of `parsed` that
    /// did not decode first. Announces the import
    /// with one `monitors.imported` event, here and (through `relay`) on every server sharing
    /// the store. Returns the monitors created.
    func importAll(_ parsed: (inputs: [(entry: String, input: MonitorInput)], issues: [FieldIssue]), tenant: TenantID,
                   relay: (any EventRelay)? = nil) async throws -> [Monitor] {
        let inputs = parsed.inputs
        guard try await store.tenants.get(tenant) != nil else { throw ValidationError(field: "tenant", "no tenant \(tenant)") }
        let egress = try await egress(of: tenant)
        var monitors: [Monitor] = []
        monitors.reserveCapacity(inputs.count)
        var issues = parsed.issues
        for (entry, input) in inputs where issues.count < MonitorImportFile.maximumIssues {
            do {
                monitors.append(try input.makeMonitor(tenant: tenant, probes: probes, egress: egress))
            } catch let error as ValidationError {
                issues += error.nested(under: entry).issues
            }
        }
        guard issues.isEmpty else {
            throw ValidationError(Array(issues.sorted { Self.entryOrder($0.field) < Self.entryOrder($1.field) }.prefix(MonitorImportFile.maximumIssues)))
        }
        try await store.monitors.createAll(monitors, tenant: tenant)
        let event = Event(tenantID: tenant, MonitorsImported(count: monitors.count))
        events.publish(event)
        if let relay {
            var stamped = event
            stamped.origin = "vantage monitors import"
            try? await relay.send(stamped)
        }
        return monitors
    }

    /// The entry number in an issue's field (`[3].kind`, `line 4.interval`), for reporting
    /// issues in file order.
    private static func entryOrder(_ field: String) -> Int {
        Int(field.drop { !$0.isNumber }.prefix { $0.isNumber }) ?? 0
    }
}
