/// The increase of a monotonic kernel counter between two readings, with wrap-around and
/// resets told apart.
///
/// A counter that went backwards either wrapped (a 32-bit counter, as `/proc/net/dev` has on
/// 32-bit kernels, passing 2^32 - 1) or was reset (a reboot, a driver reload, an interface
/// re-created). A wrap is assumed only when both readings fit in 32 bits and the wrapped
/// increase is under half the 32-bit range; otherwise the reading is a reset and there is no
/// increase to report (nil), as Prometheus' `rate()` treats any decrease. Callers that know the
/// machine rebooted (its boot time changed) should not ask at all.
public enum CounterDelta {
    /// The increase from `previous` to `current`; nil after a reset.
    public static func between(_ previous: UInt64, _ current: UInt64) -> UInt64? {
        if current >= previous { return current - previous }
        let range32 = UInt64(UInt32.max) + 1
        guard previous < range32, current < range32 else { return nil }
        let wrapped = range32 - previous + current
        return wrapped < range32 / 2 ? wrapped : nil
    }

    /// The increase per second over `seconds`; nil after a reset or when no time passed.
    public static func rate(_ previous: UInt64, _ current: UInt64, seconds: Double) -> Double? {
        guard seconds > 0, seconds.isFinite, let delta = between(previous, current) else { return nil }
        return Double(delta) / seconds
    }
}
