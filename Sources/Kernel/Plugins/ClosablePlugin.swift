/// A plugin that holds resources from `init` (a connection pool, threads, a listening socket)
/// which must be released even when it never runs: when a plugin constructed after it fails
/// to start, or a host feature refuses the configuration, the host calls `close()` on every
/// plugin it had constructed, in reverse order, before reporting the error. A plugin that is
/// also a `Service` releases them at the end of `run()` as usual; `close()` must be safe to
/// call once either way.
public protocol ClosablePlugin: Plugin {
    /// Releases what `init` acquired.
    func close() async
}
