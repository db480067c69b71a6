import Foundation
import Kernel

/// `POST /api/v1/metrics`: `{"source": "producer-1", "snapshots": [...]}`.
struct MetricBatchInput: Decodable {
    /// Whose metrics these are: the series' source. Default `ingest`.
    var source: String?
    var snapshots: [MetricSnapshotInput]

    /// The source, checked: 1 to 128 letters, digits, `.`, `-`, `_` or `:`.
    func checkedSource() throws -> String {
        let source = self.source ?? "ingest"
        guard (1...128).contains(source.count), source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-:".contains($0)) }) else {
            throw ValidationError(field: "source", "must be 1 to 128 letters, digits, '.', '-', '_' or ':'")
        }
        return source
    }
}

/// One metric value as a producer sends it, in the Prometheus data model.
struct MetricSnapshotInput: Decodable {
    var name: String
    var value: Double
    var labels: [String: String]?
    var time: JSONValue?

    /// The most labels on one snapshot.
    static let maximumLabels = 32

    /// The sample; throws `ValidationError` naming `snapshots[index].field`.
    func sample(index: Int, receivedAt: Date) throws -> Sample {
        let at = "snapshots[\(index)]"
        guard Self.isMetricName(name) else {
            throw ValidationError(field: "\(at).name", "must match [a-zA-Z_:][a-zA-Z0-9_:]* and be at most 200 characters (a Prometheus metric name)")
        }
        guard value.isFinite else { throw ValidationError(field: "\(at).value", "must be a finite number") }
        let labels = self.labels ?? [:]
        guard labels.count <= Self.maximumLabels else { throw ValidationError(field: "\(at).labels", "at most \(Self.maximumLabels) labels") }
        for (name, value) in labels {
            guard Self.isLabelName(name) else { throw ValidationError(field: "\(at).labels.\(name)", "a label name must match [a-zA-Z_][a-zA-Z0-9_]*") }
            guard value.utf8.count <= 1024 else { throw ValidationError(field: "\(at).labels.\(name)", "must be at most 1024 bytes") }
        }
        let timestamp = try time.flatMap { $0 == .null ? nil : try IngestTime.parse($0, field: "\(at).time") } ?? receivedAt
        return Sample(name: name, labels: labels, value: value, timestamp: timestamp)
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.first, (1...200).contains(name.count), first.isASCII, first.isLetter || first == "_" || first == ":" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.first, name.count <= 100, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
