/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
/// 16-bit big-endian words.
public struct InternetChecksum: Sendable {
    private var sum: UInt32 = 0

    /// Starts an empty sum.
    public init() {}

    /// Adds bytes; an odd final byte is padded with zero. Add whole words except at the end.
    public mutating func add<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        var iterator = bytes.makeIterator()
        while let high = iterator.next() {
            let low = iterator.next() ?? 0
            sum &+= UInt32(high) << 8 | UInt32(low)
        }
    }

    /// Adds one 16-bit word.
    public mutating func add(word: UInt16) { sum &+= UInt32(word) }

    /// The folded ones' complement sum, before the final complement.
    public var folded: UInt16 {
        var value = sum
        while value > 0xFFFF { value = (value & 0xFFFF) + (value >> 16) }
        return UInt16(value)
    }

    /// The checksum to put in a header.
    public var value: UInt16 { ~folded }

    /// The checksum of `bytes`.
    public static func of<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt16 {
        var checksum = InternetChecksum()
        checksum.add(bytes)
        return checksum.value
    }
}
