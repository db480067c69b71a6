import Foundation
import Kernel
import Logging

/// Trace runs, free of HTTP: checks a request, prepares one mtr per origin (`probe.mtr` for
/// `local`, `probe.mtr_ssh` for a host), runs them all at once in the background, stores each
/// origin's result as it completes, and publishes every step to `TraceFeed`. One origin
/// failing (unreachable, no mtr, a timeout) is that origin's down result; the others go on.
struct TraceService: Sendable {
    let store: any TraceStore
    let hosts: (any RemoteHostRepository)?
    let probes: ProbeDirectory
    let feed: TraceFeed
    let logger: Logger

    /// The plugins origins run on.
    static let localProbe = PluginID("probe.mtr")!
    static let remoteProbe = PluginID("probe.mtr_ssh")!

    /// An origin ready to run.
    private struct Prepared {
        let origin: TraceOrigin
        let probe: PreparedProbe
    }

    /// Checks `input`, stores the run with every origin running, starts it and returns it.
    func start(_ input: TraceInput, tenant: TenantID, egress: EgressPolicy) async throws -> TraceRun {
        try input.validate()
        let options = input.options ?? TraceOptions()
        try options.validate()
        let timeout = input.effectiveTimeout
        var prepared: [Prepared] = []
        for (index, name) in input.origins.enumerated() {
            let field = "origins[\(index)]"
            var config = options.config
            let origin: TraceOrigin
            let kind: String
            if name == "local" {
                guard let local = probes.kind(of: Self.localProbe) else {
                    throw ValidationError(field: field, "this server does not trace from itself: probe.mtr is not enabled")
                }
                kind = local
                origin = TraceOrigin(host: nil, name: "local")
            } else {
                guard let remote = probes.kind(of: Self.remoteProbe), let hosts else {
                    throw ValidationError(field: field, "this server does not trace from hosts: probe.mtr_ssh is not enabled")
                }
                guard let id = RemoteHostID(name), let host = try await hosts.get(id, tenant: tenant) else {
                    throw ValidationError(field: field, "must be \"local\" or the id of a host of this tenant")
                }
                guard !host.paused else { throw ValidationError(field: field, "host \(host.name) is paused") }
                kind = remote
                config["host"] = .string(id.description)
                origin = TraceOrigin(host: id, name: host.name, location: host.location)
            }
            do {
                let probe = try probes.prepare(kind: kind, target: input.target, timeout: timeout, config: .object(config), egress: egress, tenant: tenant)
                prepared.append(Prepared(origin: origin, probe: probe))
            } catch let error as ValidationError {
                throw ValidationError(error.issues.map { issue in
                    var moved = issue
                    if issue.field.hasPrefix("config.") { moved.field = "options." + issue.field.dropFirst("config.".count) }
                    return moved
                })
            }
        }
        let run = TraceRun(tenantID: tenant, target: input.target, options: .object(options.config), origins: prepared.map(\.origin))
        try await store.traces.create(run)
        await feed.open(run.id)
        await feed.publish(run.id, .init(name: "run", TraceView(run)))
        let work = prepared
        Task { await execute(run, work, timeout: timeout) }
        return run
    }

    /// Runs every origin at once; stores and publishes each result as it arrives.
    private func execute(_ started: TraceRun, _ work: [Prepared], timeout: Double) async {
        var run = started
        let feed = feed
        let logger = logger
        await withTaskGroup(of: (Int, ProbeResult).self) { group in
            for (index, item) in work.enumerated() {
                let key = item.origin.key
                let progress = ProbeProgress { update in
                    let event = TraceFeed.Event(name: "progress", data: JSONValue.object(["origin": .string(key), "update": update]).jsonText)
                    Task { await feed.publish(started.id, event) }
                }
                group.addTask {
                    (index, await ProbeExecution.run(item.probe, timeout: timeout, logger: logger, progress: progress))
                }
            }
            for await (index, result) in group {
                run.origins[index].state = .finished
                run.origins[index].result = result
                run.origins[index].finishedAt = Date()
                if run.origins.allSatisfy({ $0.state == .finished }) { run.finishedAt = Date() }
                do {
                    try await store.traces.update(run)
                } catch {
                    logger.error("could not store a trace origin's result", metadata: ["trace": "\(run.id)", "error": "\(error)"])
                }
                await feed.publish(run.id, .init(name: "origin", TraceOriginView(run.origins[index])))
            }
        }
        await feed.publish(run.id, .init(name: "done", TraceView(run)))
        await feed.close(run.id)
    }
}

/// A trace run as the API shows it. A run still unfinished long after the longest a run can
/// take (`interruptedAfter`) was cut off by a restart of the server running it: it reads
/// `interrupted`.
struct TraceView: Codable {
    /// Longer than any run can take: the 300 s timeout cap plus the deadline's slack and the writes.
    static let interruptedAfter: Double = 600

    var id: TraceRunID
    var target: String
    var options: JSONValue
    var status: String
    var createdAt: Date
    var finishedAt: Date?
    var origins: [TraceOriginView]

    init(_ run: TraceRun) {
        id = run.id
        target = run.target
        options = run.options
        status = run.finishedAt != nil ? "finished" : run.createdAt.timeIntervalSinceNow < -Self.interruptedAfter ? "interrupted" : "running"
        createdAt = run.createdAt
        finishedAt = run.finishedAt
        origins = run.origins.map(TraceOriginView.init)
    }
}

/// One origin of a run as the API shows it: `origin` is `local` or the host's id.
struct TraceOriginView: Codable {
    var origin: String
    var host: RemoteHostID?
    var name: String
    var location: String?
    var state: TraceOrigin.State
    var result: ProbeResult?
    var finishedAt: Date?

    init(_ origin: TraceOrigin) {
        self.origin = origin.key
        host = origin.host
        name = origin.name
        location = origin.location
        state = origin.state
        result = origin.result
        finishedAt = origin.finishedAt
    }
}
