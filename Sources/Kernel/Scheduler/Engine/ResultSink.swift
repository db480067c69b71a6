/// Where a `ScheduleEngine` puts what its runs produced: the batched store writer on a server
/// (`ResultWriter`), a local spool on an agent.
///
/// Acknowledgement: a completion is acknowledged once it is durable (committed to the store,
/// written to the spool). What a completion causes elsewhere (events on the bus) happens only
/// after its acknowledgement, and the engine's shutdown waits for every run in flight to be
/// submitted and then for `flush()`.
public protocol ResultSink<Completion>: Sendable {
    /// What one run produced.
    associatedtype Completion: Sendable

    /// Takes completions (the engine hands them over once per wake-up, not one hop per run);
    /// a later flush acknowledges them.
    func submit(_ completions: [Completion]) async
    /// Writes everything submitted; true when all of it is acknowledged.
    @discardableResult
    func flush() async -> Bool
    /// Flushes every `interval` seconds of `clock` until cancelled. The last flush is the
    /// engine's, in `shutdown()`, once the runs in flight have been submitted.
    func run(every interval: Double, clock: any SchedulerClock) async
}
