/// One line of `/proc/mounts` (or `/proc/self/mounts`): what is mounted where, as which type.
/// Spaces, tabs, newlines and backslashes in paths are written as octal escapes (`\040`).
public struct MountEntry: Sendable, Hashable, Codable {
    /// What is mounted (`/dev/vda1`, `proc`).
    public var device: String
    /// Where.
    public var mountPoint: String
    /// The filesystem type (`ext4`, `tmpfs`, `proc`).
    public var type: String
    /// Mount options (`rw,relatime`).
    public var options: String

    /// Whether the type holds no files of its own (`proc`, `sysfs`, `cgroup2`…): what `df`
    /// leaves out by default.
    public var isPseudo: Bool { Self.pseudoTypes.contains(type) }

    /// Reads `/proc/mounts`; lines with fewer than four fields are an error.
    public static func parse(_ text: some StringProtocol) throws -> [MountEntry] {
        let file = "/proc/mounts"
        var entries: [MountEntry] = []
        for (index, line) in try ProcText.lines(text, file: file).enumerated() {
            let fields = ProcText.fields(line)
            if fields.isEmpty { continue }
            guard fields.count >= 4 else {
                throw ProcParseError(file: file, line: index + 1, message: "needs device, mount point, type and options")
            }
            entries.append(MountEntry(device: unescape(fields[0]), mountPoint: unescape(fields[1]),
                                      type: String(fields[2].prefix(64)), options: String(fields[3].prefix(1_024))))
            guard entries.count <= 16_384 else { throw ProcParseError(file: file, message: "lists more than 16384 mounts") }
        }
        return entries
    }

    /// Turns `\040`-style octal escapes back into the bytes they stand for.
    static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8.prefix(4_096))
        var index = 0
        while index < utf8.count {
            if utf8[index] == 0x5C, index + 4 <= utf8.count, let value = octal(utf8[(index + 1)..<(index + 4)]) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Three octal digits as a byte, or nil.
    private static func octal(_ digits: ArraySlice<UInt8>) -> UInt8? {
        guard digits.count == 3 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= 0x30, digit <= 0x37 else { return nil }
            value = value * 8 + Int(digit - 0x30)
        }
        return value <= 255 ? UInt8(value) : nil
    }

    private static let pseudoTypes: Set<String> = [
        "proc", "sysfs", "devpts", "cgroup", "cgroup2", "securityfs", "pstore", "bpf", "debugfs", "tracefs", "configfs",
        "fusectl", "mqueue", "hugetlbfs", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "efivarfs", "selinuxfs", "devtmpfs",
    ]
}
