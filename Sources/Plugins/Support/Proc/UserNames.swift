/// User names by uid from `/etc/passwd` (`name:x:uid:gid:gecos:home:shell`), to show who runs
/// a process. Only the local file: users from LDAP or NSS modules show by uid.
public struct UserNames: Sendable, Hashable {
    /// Names by uid; the first line wins when a uid appears twice, as getpwuid(3) does.
    public var names: [UInt32: String]

    /// The name of `uid`, or the uid as text.
    public func name(of uid: UInt32) -> String { names[uid] ?? String(uid) }

    /// Reads `/etc/passwd`; malformed lines and comments are skipped.
    public static func parse(_ text: some StringProtocol) throws -> UserNames {
        var names: [UInt32: String] = [:]
        for line in try ProcText.lines(text, file: "/etc/passwd") where !line.hasPrefix("#") {
            let fields = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, !fields[0].isEmpty, fields[0].utf8.count <= 64,
                  let uid = ProcText.counter(fields[2]), uid <= UInt64(UInt32.max), names[UInt32(uid)] == nil else { continue }
            names[UInt32(uid)] = String(fields[0])
            if names.count >= 100_000 { break }
        }
        return UserNames(names: names)
    }
}
