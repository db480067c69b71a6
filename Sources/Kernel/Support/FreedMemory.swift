#if canImport(Glibc)
import Glibc
#endif

/// Gives memory freed by a large, one-off piece of work back to the system.
///
/// glibc keeps freed heap pages for reuse, so after a start-up load has decoded a million
/// monitors and dropped the arrays, the process would keep their pages for good.
/// `malloc_trim` returns the free pages (inside the heap too, not only at its top).
public enum FreedMemory {
    /// Returns free heap pages to the system; nothing on platforms without `malloc_trim`.
    public static func release() {
        #if canImport(Glibc)
        // `malloc.h` is not part of the Glibc module; the symbol is looked up instead.
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(nil, "malloc_trim") { _ = unsafeBitCast(symbol, to: Trim.self)(0) }
        #endif
    }
}
