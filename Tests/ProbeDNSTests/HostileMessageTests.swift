import Testing
@testable import ProbeDNS

/// Messages a hostile or broken server could send: each must end in an error, quickly.
@Suite("hostile DNS messages")
struct HostileMessageTests {
    private let header: [UInt8] = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]
    private let question: [UInt8] = [7] + Array("example".utf8) + [4] + Array("test".utf8) + [0, 0, 1, 0, 1]

    private func decode(_ bytes: [UInt8]) -> DNSWireError? {
        do { _ = try DNSMessage(decoding: bytes); return nil } catch { return error }
    }

    @Test("a pointer to itself, a pointer forward, and a two-pointer loop are refused")
    func pointerLoops() {
        let selfLoop = header + question + [0xC0, 30] + [0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]
        #expect(decode(selfLoop) == .badPointer(offset: 30))
        let forward = header + question + [0xC0, 40] + [0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]
        #expect(decode(forward) == .badPointer(offset: 30))
        // A label then a pointer back to that label: reading it again would loop.
        let twoStep = header + question + [1, 0x61, 0xC0, 30] + [0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4]
        #expect(decode(twoStep) == .badPointer(offset: 32))
    }

    @Test("lengths past the end and truncated records are refused")
    func truncation() {
        #expect(decode(Array(header.prefix(7))) == .truncated(what: "the header", offset: 0))
        #expect(decode(header + [40] + Array("example".utf8)) != nil)
        let longRdata = header + question + [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 200, 1, 2, 3, 4]
        #expect(decode(longRdata) != nil)
        let shortA = header + question + [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 3, 1, 2, 3]
        #expect(decode(shortA) == .badRecordData(type: "A", reason: "3 bytes, not 4"))
        let txtOverrun = header + question + [0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 3, 9, 0x61, 0x62]
        #expect(decode(txtOverrun) != nil)
        let trailing = header + question + [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4, 0xFF]
        #expect(decode(trailing) == .malformed("1 bytes after the last record"))
    }

    @Test("obsolete label types, over-long names and absurd counts are refused")
    func oddities() {
        #expect(decode(header + [0x41, 0] + question.suffix(4)) == .badLabelType(offset: 12))
        var long: [UInt8] = []
        for _ in 0..<5 { long += [63] + Array(repeating: 0x61, count: 63) }
        #expect(decode(header + long + [0, 0, 1, 0, 1]) == .nameTooLong)
        let counts: [UInt8] = [0x12, 0x34, 0x81, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(decode(counts + question) != nil)
    }

    @Test("the name in record data may not run past the data's declared length")
    func nameInsideData() {
        // CNAME data declared as 2 bytes, but its name is 9 bytes long.
        let message = header + question + [0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2] + [7] + Array("example".utf8) + [0]
        #expect(decode(message) != nil)
    }

    @Test("a CAA tag that is not ASCII letters and digits is refused (found by DNSMessageFuzzer)")
    func caaTag() throws {
        // 200 bytes of 0xFF would decode to 600 bytes of U+FFFD: more than the tag length
        // byte can hold when the message is encoded again.
        let tag = [UInt8](repeating: 0xFF, count: 200)
        let data: [UInt8] = [0, UInt8(tag.count)] + tag + Array("ca.test".utf8)
        let record: [UInt8] = [0xC0, 12, 1, 1, 0, 1, 0, 0, 0, 60, 0, UInt8(data.count)] + data
        #expect(decode(header + question + record) == .badRecordData(type: "CAA", reason: "the tag is not ASCII letters and digits"))
        let good: [UInt8] = [0, 5] + Array("issue".utf8) + Array("ca.test".utf8)
        let message = try DNSMessage(decoding: header + question + [0xC0, 12, 1, 1, 0, 1, 0, 0, 0, 60, 0, UInt8(good.count)] + good)
        #expect(try DNSMessage(decoding: message.encoded()) == message)
    }
}
