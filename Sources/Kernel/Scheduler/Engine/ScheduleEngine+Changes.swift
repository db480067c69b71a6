import Foundation

/// How jobs come in and go: the initial load, changes from the source, and leases.
extension ScheduleEngine {
    /// Schedules the jobs read at start. A job keeps its saved schedule unless the clock moved
    /// so far that it cannot be right; otherwise it resumes on its own phase, so overdue jobs
    /// do not stampede.
    public func load(_ jobs: [Job]) {
        let now = clock.now
        entries.reserve(jobs.count)
        for job in jobs {
            var due = SchedulePhase.nextSlot(phase: job.phase, interval: job.interval, notBefore: now)
            if let next = job.nextRunAt, next > now, next < now.addingTimeInterval(job.interval * 1.5) { due = next }
            install(job, due: due)
        }
    }

    /// Applies one change from the source.
    public func apply(_ change: JobChange<Job>) {
        switch change {
        case .upsert(var job, _):
            if let existing = entries[job.id]?.job { job.carryOver(from: existing) }
            let firstRun = Double.random(in: 0..<max(min(job.interval * settings.jitter, 5), 0.001))
            install(job, due: clock.now.addingTimeInterval(firstRun))
        case .remove(let id):
            remove(id)
        case .resync(let jobs):
            resync(jobs)
        case .modify(let matching, let change):
            let ids = entries.all.compactMap { matching($0.job) ? $0.job.id : nil }
            for id in ids {
                guard var job = entries[id]?.job else { continue }
                change(&job)
                install(job, due: job.nextRunAt ?? clock.now)
            }
        }
    }

    /// Runs exactly the jobs in `held` from now on; no run starts after `certainUntil`.
    /// Returns the jobs newly held, which the owner reloads (`takeOver`) because another
    /// server ran them until now, and whether any of them is unknown here (`resync`).
    public func applyLeases(_ held: Set<Job.ID>, certainUntil: Date) -> (added: [Job.ID], unknown: Bool) {
        guard let owned = ownership else { return ([], false) }
        ownership = held
        leasesCertainUntil = certainUntil
        metrics.leased.record(held.count)
        for id in owned.subtracting(held) {
            nextGeneration += 1
            let generation = nextGeneration
            entries.update(id) { entry in
                entry.generation = generation
                entry.job.retire()
            }
        }
        let added = Array(held.subtracting(owned))
        return (added, added.contains { !entries.contains($0) })
    }

    /// Schedules jobs taken over from another server, as `fresh` has them (the state that
    /// server left) or as known here: each on its own phase, at least half an interval after
    /// its last run, so a handover never runs a job twice in an interval.
    public func takeOver(_ ids: [Job.ID], fresh: [Job]) {
        let now = clock.now
        let reloaded = Dictionary(fresh.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        for id in ids where ownership?.contains(id) == true {
            guard let job = reloaded[id] ?? entries[id]?.job else { continue }
            let last = job.lastRunAt?.addingTimeInterval(job.interval / 2) ?? now
            install(job, due: SchedulePhase.nextSlot(phase: job.phase, interval: job.interval, notBefore: max(now, last)))
        }
    }

    /// Makes the schedule match `jobs`, every job the source has: new and changed jobs are
    /// installed (keeping what the old one learned), missing ones removed.
    public func resync(_ jobs: [Job]) {
        let now = clock.now
        var seen = Set<Job.ID>()
        for var job in jobs {
            seen.insert(job.id)
            if let existing = entries[job.id]?.job {
                if existing.hasSameDefinition(as: job) { continue }
                job.carryOver(from: existing)
            }
            install(job, due: SchedulePhase.nextSlot(phase: job.phase, interval: job.interval, notBefore: now))
        }
        for id in Array(entries.ids) where !seen.contains(id) { remove(id) }
    }
}
