import Foundation

/// Copies everything from one store to another through the store protocols, so it works
/// between any two backends (`vantage store migrate`). It walks the core's sections
/// (`StoreSection.core`: tenants, users, memberships, API keys, monitors with their scheduler
/// state, results in stored order), then the sections of every capability both stores offer.
/// A capability only the source offers is refused rather than silently dropped. Leases are
/// not copied: they are the running servers' business.
public struct StoreCopier: Sendable {
    /// How many records of each kind were copied, in the order they were copied.
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        /// The counts, by label ("tenants", "results").
        public private(set) var counts: [(label: String, count: Int)] = []

        /// Creates an empty report.
        public init() {}

        /// The count labelled `label`, 0 when nothing was counted under it.
        public subscript(label: String) -> Int { counts.first { $0.label == label }?.count ?? 0 }
        /// Results copied so far.
        public var results: Int { self["results"] }

        mutating func add(_ label: String, _ amount: Int) {
            if let index = counts.firstIndex(where: { $0.label == label }) { counts[index].count += amount } else { counts.append((label, amount)) }
        }

        public var description: String { counts.map { "\($0.count) \($0.label)" }.joined(separator: ", ") }
        public static func == (lhs: Report, rhs: Report) -> Bool { lhs.description == rhs.description }
        public func hash(into hasher: inout Hasher) { hasher.combine(description) }
    }

    /// Why a copy did not start.
    public enum Refusal: Error, Sendable, CustomStringConvertible {
        /// The target holds records and `overwrite` was not given.
        case targetNotEmpty(String)
        /// The source keeps records of a capability the target lacks.
        case targetLacks(capability: String, target: String)

        public var description: String {
            switch self {
            case .targetNotEmpty(let what): "the target store is not empty (\(what)); pass --force to erase it and copy anyway"
            case .targetLacks(let capability, let target): "the source store keeps \(capability) and \(target) has none; they would be lost"
            }
        }
    }

    private let source: any Store
    private let target: any Store
    private let batchSize: Int
    private let capabilities: [StoreCapability]

    /// Creates a copier; `batchSize` results are read and written at a time. `capabilities`
    /// lists the capabilities whose sections are copied (every one the Kernel defines).
    public init(from source: any Store, to target: any Store, batchSize: Int = 5000, capabilities: [StoreCapability] = StoreCapability.all) {
        self.source = source
        self.target = target
        self.batchSize = batchSize
        self.capabilities = capabilities
    }

    /// The sections copied between `source` and `target`, core first.
    private var sections: [StoreSection] {
        StoreSection.core + capabilities.filter { $0.isOffered(by: source) && $0.isOffered(by: target) }.flatMap(\.sections)
    }

    /// What `store` holds, by section name, or nil when it is empty.
    public static func contents(of store: any Store, capabilities: [StoreCapability] = StoreCapability.all) async throws -> String? {
        let sections = StoreSection.core + capabilities.filter { $0.isOffered(by: store) }.flatMap(\.sections)
        var found: [String] = []
        for section in sections where try await section.holdsRecords(store) { found.append(section.name) }
        return found.isEmpty ? nil : found.joined(separator: ", ")
    }

    /// Copies everything; with `overwrite`, erases a non-empty target first, otherwise refuses
    /// it. `progress` receives the report after each batch of results.
    public func copy(overwrite: Bool, progress: @escaping @Sendable (Report) -> Void = { _ in }) async throws -> Report {
        for capability in capabilities where capability.isOffered(by: source) && !capability.isOffered(by: target) {
            for section in capability.sections where try await section.holdsRecords(source) {
                throw Refusal.targetLacks(capability: section.name, target: type(of: target).id.rawValue)
            }
        }
        let sections = sections
        if let contents = try await Self.contents(of: target, capabilities: capabilities) {
            guard overwrite else { throw Refusal.targetNotEmpty(contents) }
            for section in sections.reversed() { try await section.erase(target) }
        }
        let tally = StoreCopyTally()
        let context = StoreCopyContext(source: source, target: target, batchSize: batchSize, tally: tally, progress: progress)
        for section in sections { try await section.copy(context) }
        return tally.report
    }
}
