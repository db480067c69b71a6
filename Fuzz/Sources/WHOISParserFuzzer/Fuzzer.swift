import Foundation

/// libFuzzer entry point: the WHOIS text parser, the registry date parser and the RDAP
/// document reader over arbitrary bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let text = String(decoding: data, as: UTF8.self)
    _ = WHOISText.parse(text)
    for line in text.split(separator: "\n").prefix(64) { _ = RegistryDate.parse(String(line)) }
    if let json = try? JSONDecoder().decode(JSONValue.self, from: data) { _ = RDAPDocument.parse(json) }
    return 0
}
