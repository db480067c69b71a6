import Foundation

/// libFuzzer entry point: the `mtr --json` reader over arbitrary bytes (what a remote server,
/// or anything pretending to be one, prints).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    if let report = try? MTRJSONReport.parse(bytes) {
        for hop in report.hops { _ = hop.json }
    }
    return 0
}
