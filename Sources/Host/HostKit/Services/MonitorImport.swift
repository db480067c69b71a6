import Foundation
import Kernel

/// A file of monitors to import: a JSON array of monitor objects, each as
/// `POST /api/v1/monitors` takes it, or NDJSON (one such object per line, split by
/// `TextLines`: LF, CRLF or CR; blank lines are skipped). Suited to a million monitors: each
/// NDJSON line is parsed and decoded before the next, so only the decoded inputs are kept.
enum MonitorImportFile {
    /// The most issues reported for one import.
    static let maximumIssues = 20

    /// The entries of `data` that decode, and an issue naming each that does not
    /// (`[3].interval` in an array, `line 4.interval` in NDJSON), at most `maximumIssues`.
    /// Throws only when the file as a whole is unreadable.
    static func parse(_ data: Data) throws -> (inputs: [(entry: String, input: MonitorInput)], issues: [FieldIssue]) {
        let text = String(decoding: data, as: UTF8.self)
        var collected = Collected()
        if text.first(where: { !$0.isWhitespace }) == "[" {
            let value: JSONValue
            do {
                value = try JSONValue.parse(data)
            } catch {
                throw ValidationError(field: "file", "is not valid JSON: \(error.localizedDescription)")
            }
            guard case .array(let elements) = value else { throw ValidationError(field: "file", "must be a JSON array or NDJSON") }
            for (index, element) in elements.enumerated() where collected.issues.count < maximumIssues {
                collected.add("[\(index)]") { element }
            }
        } else {
            for (index, line) in TextLines.split(text).enumerated() where collected.issues.count < maximumIssues {
                guard line.contains(where: { !$0.isWhitespace }) else { continue }
                collected.add("line \(index + 1)") { try JSONValue.parse(Data(line.utf8)) }
            }
        }
        return (collected.inputs, collected.issues)
    }

    /// The inputs decoded so far and the issues of the entries that did not decode.
    private struct Collected {
        var inputs: [(entry: String, input: MonitorInput)] = []
        var issues: [FieldIssue] = []

        mutating func add(_ entry: String, _ parse: () throws -> JSONValue) {
            let value: JSONValue
            do {
                value = try parse()
            } catch {
                issues.append(FieldIssue(field: entry, message: "is not a JSON object"))
                return
            }
            do {
                inputs.append((entry, try RequestDecoding.decode(MonitorInput.self, from: value)))
            } catch let error as ValidationError {
                issues += error.nested(under: entry).issues
            } catch {
                issues.append(FieldIssue(field: entry, message: "is not a JSON object"))
            }
        }
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
