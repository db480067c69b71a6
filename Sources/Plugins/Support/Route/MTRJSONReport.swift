import Foundation
#if canImport(Kernel)
import Kernel
#endif

/// A report printed by `mtr --json` (mtr 0.92 to 0.95), read into the hop model every route
/// measurement shares. Versions differ in small ways, all accepted:
/// - `count` (the hop number), `tests`, `tos`, `psize` and `bitpattern` are numbers in some
///   versions and strings in others; every numeric field is read from either;
/// - `host` is an address (`-n`), a name, `name (address)` (`-b`) or `???` for a silent hop;
/// - unknown members (`ASN` with `-z`, later additions) are ignored.
///
/// Input from a remote server is hostile until read: the text is bounded, every number is
/// checked for range, and anything else is a `MTRJSONReport.Failure`, never a crash.
public struct MTRJSONReport: Sendable, Hashable {
    /// `report.mtr.src`: the origin's host name.
    public var source: String?
    /// `report.mtr.dst`: the target as given.
    public var destination: String?
    /// `report.mtr.tests`: rounds run.
    public var tests: Int?
    /// The hops, by hop number.
    public var hops: [RouteHop]

    /// The largest report accepted, in bytes.
    public static let maximumSize = 1 << 20

    /// Why a text is not an mtr report.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, naming the member.
        public var description: String
    }

    /// Reads a report.
    public static func parse(_ data: some Collection<UInt8>) throws -> MTRJSONReport {
        guard data.count <= maximumSize else { throw Failure(description: "the report is larger than \(maximumSize) bytes") }
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(data))
        } catch {
            throw Failure(description: "not JSON: \(String(describing: error).prefix(200))")
        }
        guard let report = value.objectValue?["report"]?.objectValue else { throw Failure(description: "no \"report\" object") }
        let header = report["mtr"]?.objectValue ?? [:]
        guard let hubs = report["hubs"]?.arrayValue else { throw Failure(description: "no \"report.hubs\" array") }
        guard hubs.count <= 255 else { throw Failure(description: "report.hubs has \(hubs.count) entries; at most 255 hops exist") }
        var hops: [RouteHop] = []
        for (index, hub) in hubs.enumerated() {
            hops.append(try hop(hub, at: "report.hubs[\(index)]", position: index + 1))
        }
        return MTRJSONReport(source: header["src"]?.stringValue, destination: header["dst"]?.stringValue,
                             tests: try integer(header["tests"], "report.mtr.tests", range: 0...1_000_000), hops: hops)
    }

    private static func hop(_ value: JSONValue, at path: String, position: Int) throws -> RouteHop {
        guard let hub = value.objectValue else { throw Failure(description: "\(path) is not an object") }
        let ttl = try integer(hub["count"], "\(path).count", range: 1...255) ?? position
        let sent = try integer(hub["Snt"], "\(path).Snt", range: 0...1_000_000) ?? 0
        let loss = try number(hub["Loss%"], "\(path).Loss%", range: 0...100) ?? 0
        let received = Int((Double(sent) * (100 - loss) / 100).rounded())
        let responders = try responder(hub["host"], "\(path).host").map { [$0] } ?? []
        let answered = received > 0 && !responders.isEmpty
        func time(_ key: String) throws -> Double? {
            let value = try number(hub[key], "\(path).\(key)", range: 0...3_600_000)
            return answered ? value : nil
        }
        return RouteHop(ttl: ttl, responders: responders, sent: sent, received: responders.isEmpty ? 0 : received,
                        lossPercent: responders.isEmpty ? (sent == 0 ? 0 : 100) : RouteHop.lossPercent(sent: sent, received: received),
                        lastMs: try time("Last"), avgMs: try time("Avg"), bestMs: try time("Best"),
                        worstMs: try time("Wrst"), stdDevMs: try time("StDev"))
    }

    /// `1.2.3.4`, `name`, `name (1.2.3.4)`, or `???` (none).
    private static func responder(_ value: JSONValue?, _ path: String) throws -> RouteResponder? {
        guard let value else { return nil }
        guard let text = value.stringValue else { throw Failure(description: "\(path) is not a string") }
        let host = text.trimmingCharacters(in: .whitespaces)
        if host.isEmpty || host == "???" { return nil }
        guard host.utf8.count <= 300, !host.contains(where: { $0.isNewline }) else { throw Failure(description: "\(path) is not a host name or address") }
        if host.hasSuffix(")"), let open = host.lastIndex(of: "(") {
            let name = host[..<open].trimmingCharacters(in: .whitespaces)
            let address = host[host.index(after: open)..<host.index(before: host.endIndex)]
            return RouteResponder(address: String(address), name: name.isEmpty ? nil : name)
        }
        return RouteResponder(address: host)
    }

    private static func number(_ value: JSONValue?, _ path: String, range: ClosedRange<Double>) throws -> Double? {
        guard let value else { return nil }
        let number: Double?
        switch value {
        case .number(let n): number = n
        case .string(let text): number = Double(text.trimmingCharacters(in: .whitespaces))
        case .null: return nil
        default: number = nil
        }
        guard let number, number.isFinite else { throw Failure(description: "\(path) is not a number") }
        guard range.contains(number) else { throw Failure(description: "\(path) is \(number), outside \(range.lowerBound)…\(range.upperBound)") }
        return number
    }

    private static func integer(_ value: JSONValue?, _ path: String, range: ClosedRange<Int>) throws -> Int? {
        guard let number = try number(value, path, range: Double(range.lowerBound)...Double(range.upperBound)) else { return nil }
        guard number == number.rounded() else { throw Failure(description: "\(path) is not a whole number") }
        return Int(number)
    }
}
