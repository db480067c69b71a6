/// A bounds-checked cursor over a whole DNS message. Sequential reads stop at `end` (the end
/// of the message, or of the record data being read); compression pointers may point
/// anywhere earlier in the message.
struct DNSReader {
    let bytes: [UInt8]
    var offset: Int
    var end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    var remaining: Int { end - offset }

    mutating func u8(_ what: String) throws(DNSWireError) -> UInt8 {
        guard offset < end else { throw .truncated(what: what, offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16(_ what: String) throws(DNSWireError) -> UInt16 {
        guard end - offset >= 2 else { throw .truncated(what: what, offset: offset) }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32(_ what: String) throws(DNSWireError) -> UInt32 {
        guard end - offset >= 4 else { throw .truncated(what: what, offset: offset) }
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    mutating func take(_ count: Int, _ what: String) throws(DNSWireError) -> [UInt8] {
        guard count >= 0, end - offset >= count else { throw .truncated(what: what, offset: offset) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a possibly compressed name. Every pointer must point before the start of the
    /// labels read so far, so positions strictly decrease and a loop is impossible.
    mutating func name(_ what: String = "a name") throws(DNSWireError) -> DNSName {
        var labels: [[UInt8]] = []
        var length = 1
        var position = offset
        var lowestStart = offset
        var jumped = false
        while true {
            guard position < (jumped ? bytes.count : end) else { throw .truncated(what: what, offset: position) }
            let byte = bytes[position]
            switch byte & 0xC0 {
            case 0x00:
                if byte == 0 {
                    if !jumped { offset = position + 1 }
                    return DNSName(labels: labels)
                }
                let count = Int(byte)
                let limit = jumped ? bytes.count : end
                guard position + 1 + count <= limit else { throw .truncated(what: what, offset: position) }
                length += 1 + count
                guard length <= 255 else { throw .nameTooLong }
                labels.append(Array(bytes[position + 1...position + count]))
                position += 1 + count
            case 0xC0:
                guard position + 1 < (jumped ? bytes.count : end) else { throw .truncated(what: what, offset: position) }
                let target = Int(byte & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < lowestStart else { throw .badPointer(offset: position) }
                if !jumped { offset = position + 2 }
                jumped = true
                lowestStart = target
                position = target
            default:
                throw .badLabelType(offset: position)
            }
        }
    }
}

/// Builds a DNS message, compressing names against those already written.
struct DNSWriter {
    private(set) var bytes: [UInt8] = []
    private var offsets: [DNSName: Int] = [:]

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { bytes.append(UInt8(value >> 8)); bytes.append(UInt8(value & 0xFF)) }
    mutating func u32(_ value: UInt32) { u16(UInt16(value >> 16)); u16(UInt16(value & 0xFFFF)) }
    mutating func append(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Overwrites a 16-bit value written earlier (a record's data length).
    mutating func patch16(at index: Int, _ value: UInt16) {
        bytes[index] = UInt8(value >> 8)
        bytes[index + 1] = UInt8(value & 0xFF)
    }

    /// Writes a name, pointing at an earlier copy of its longest known suffix when `compress`.
    mutating func name(_ name: DNSName, compress: Bool = true) {
        for index in 0..<name.labels.count {
            let suffix = name.dropping(index)
            if compress, let earlier = offsets[suffix] {
                u16(0xC000 | UInt16(earlier))
                return
            }
            if bytes.count < 0x3FFF { offsets[suffix] = bytes.count }
            u8(UInt8(name.labels[index].count))
            append(name.labels[index])
        }
        u8(0)
    }
}
