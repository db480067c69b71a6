import Foundation

/// One SSH host's metrics collection as the scheduling engine runs it: every
/// `collectionInterval` (or the server's default) the host's collector reads it; the outcome
/// updates the host's `HostCollectionState`, and a change of status raises `host.offline` or
/// `host.online` once the samples are stored.
public struct HostCollectionJob: ScheduledJob {
    /// The host as scheduled.
    public let host: RemoteHost
    /// Seconds between collections.
    public let interval: Double
    /// Seconds a collection may take: the configured deadline, at most the interval.
    public let deadline: Double
    /// What reads the host.
    let collector: CollectorRunner
    /// The live views, which forget the host when it stops being collected.
    let latest: LatestHostReadings?
    public var nextRunAt: Date?
    public private(set) var lastRunAt: Date?
    /// Whether collections work, as of the last one.
    public private(set) var state = HostCollectionState()

    /// Creates the job of `host`, collected by `collector` every `defaultInterval` seconds
    /// unless the host sets its own, each collection given at most `deadline` seconds (and
    /// never more than its interval). `latest` forgets the host when the job is retired.
    public init(host: RemoteHost, collector: CollectorRunner, defaultInterval: Double, deadline: Double, latest: LatestHostReadings? = nil) {
        self.host = host
        self.collector = collector
        self.latest = latest
        interval = host.collectionInterval ?? defaultInterval
        self.deadline = min(deadline, interval)
    }

    public var id: RemoteHostID { host.id }
    public var phase: Double { SchedulePhase.phase(of: host.id.rawValue, interval: interval) }

    public mutating func makeRun() -> JobRun<Result<CollectorReading, CollectorFailure>> {
        let collector = self.collector, host = self.host, deadline = self.deadline
        return JobRun(deadline: deadline) {
            do {
                return .success(try await collector.collect(tenant: host.tenantID, address: host.id.description, options: .emptyObject, sealer: nil))
            } catch let failure as CollectorFailure {
                return .failure(failure)
            } catch {
                return .failure(CollectorFailure(code: "collection_failed", message: "host \(host.name): \(error)"))
            }
        } overrun: {
            .failure(CollectorFailure(code: "timeout", message: "host \(host.name): the collection did not finish within \(deadline) s"))
        }
    }

    public mutating func complete(_ outcome: Result<CollectorReading, CollectorFailure>, startedAt: Date,
                                  duration: Double) -> HostCollectionCompletion {
        lastRunAt = startedAt
        let finished = startedAt.addingTimeInterval(duration)
        let lastSeen = state.lastSuccessAt
        let transition = state.record(failure: outcome.probeFailure, at: finished)
        var events: [Event] = []
        switch transition {
        case .wentOffline:
            if let failure = outcome.probeFailure {
                events.append(Event(tenantID: host.tenantID, HostWentOffline(hostID: host.id, name: host.name, failure: failure, lastSeenAt: lastSeen)))
            }
        case .cameOnline(let seconds):
            events.append(Event(tenantID: host.tenantID, HostCameOnline(hostID: host.id, name: host.name, offlineSeconds: seconds)))
        case nil:
            break
        }
        return HostCollectionCompletion(host: host, startedAt: startedAt, duration: duration, outcome: outcome, state: state, events: events)
    }

    public func completeRemoved(_ outcome: Result<CollectorReading, CollectorFailure>, startedAt: Date,
                                duration: Double) -> HostCollectionCompletion {
        HostCollectionCompletion(host: host, startedAt: startedAt, duration: duration, outcome: outcome, state: nil, events: [])
    }

    public func hasSameDefinition(as other: HostCollectionJob) -> Bool {
        host == other.host && interval == other.interval && deadline == other.deadline
    }

    /// The host is deleted or paused: its live view goes.
    public func retire() { latest?.forget(host.id, tenant: host.tenantID) }

    public mutating func carryOver(from previous: HostCollectionJob) {
        state = previous.state
        lastRunAt = previous.lastRunAt
    }
}

extension Result where Failure == CollectorFailure {
    /// The failure in the shape results carry; nil on success.
    var probeFailure: ProbeFailure? {
        if case .failure(let failure) = self { return ProbeFailure(code: failure.code, message: failure.message) }
        return nil
    }
}
