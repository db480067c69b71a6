/// Why a DNS message or name could not be read or written. Every decoding path is bounds
/// checked: a hostile message ends in one of these, never in a crash or a loop.
public enum DNSWireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message ended inside a field (`what` names it).
    case truncated(what: String, offset: Int)
    /// A compression pointer pointed forward or at itself, which could loop.
    case badPointer(offset: Int)
    /// A label type other than a length or a pointer (0x40 and 0x80 are obsolete).
    case badLabelType(offset: Int)
    /// A name longer than 255 bytes on the wire.
    case nameTooLong
    /// A record's data did not fit its declared length or its type's format.
    case badRecordData(type: String, reason: String)
    /// Bytes after the last record, or a section count that does not match.
    case malformed(String)

    public var description: String {
        switch self {
        case .truncated(let what, let offset): "message ends inside \(what) at byte \(offset)"
        case .badPointer(let offset): "compression pointer at byte \(offset) does not point backwards (a loop)"
        case .badLabelType(let offset): "unknown label type at byte \(offset)"
        case .nameTooLong: "a name is longer than 255 bytes"
        case .badRecordData(let type, let reason): "\(type) record data is malformed: \(reason)"
        case .malformed(let reason): reason
        }
    }
}

/// Why a name given as text is not a valid DNS name.
public struct DNSNameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason in plain words.
    public var reason: String

    public var description: String { reason }
}
