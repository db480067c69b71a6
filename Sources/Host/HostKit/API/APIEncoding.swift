import Foundation
import Hummingbird
import Kernel

/// JSON encoding shared by every response and by the CLI's `--json` output, so both print
/// the same objects: sorted keys, ISO 8601 dates with milliseconds.
public enum APIEncoding {
    /// The encoder.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(dateText(date))
        }
        return encoder
    }()

    /// A date as every response writes it: `2026-12-03T16:40:01.123Z`.
    static func dateText(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// A result record as JSON, written without `JSONEncoder` when it can be.
    static func resultResponse(_ record: ResultRecord, status: HTTPResponse.Status = .ok) throws -> Response {
        guard let text = ResultRecordJSON.text(record) else { return try response(record, status: status) }
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON response.
    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Parses a date given as an RFC 3339 date-time (`2026-12-02T10:00:00Z`, any number of
    /// fractional digits, an offset from -23:59 to +23:59, either case) or as Unix seconds
    /// (`1764669600`, `1764669600.5`), exactly what the OpenAPI document declares; nil for
    /// anything else (`nan`, `1e9`, `2026-13-01T00:00:00Z`).
    public static func parseDate(_ text: String) -> Date? {
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        if text.wholeMatch(of: /-?[0-9]{1,12}(\.[0-9]{1,9})?/) != nil, let seconds = Double(text) {
            return Date(timeIntervalSince1970: seconds)
        }
        return RFC3339.parse(text)
    }
}
