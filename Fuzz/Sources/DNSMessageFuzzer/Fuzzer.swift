/// libFuzzer entry point: the DNS message decoder over arbitrary bytes. A trap, an
/// out-of-bounds read or a hang is a finding; so is a decoded message that no longer decodes
/// once encoded again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let message = try? DNSMessage(decoding: bytes) else { return 0 }
    for record in message.answers + message.authority + message.additional {
        _ = record.presentation
        _ = record.data.comparable
        _ = record.data.keyTag
    }
    _ = message.responseCode.description
    do {
        _ = try DNSMessage(decoding: message.encoded())
    } catch {
        fatalError("a decoded message does not decode after encoding: \(error)")
    }
    return 0
}
