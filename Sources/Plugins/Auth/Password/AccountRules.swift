import Kernel

/// What makes an e-mail address, user name and password acceptable.
enum AccountRules {
    static func check(email: String, username: String, password: String) throws {
        var issues: [FieldIssue] = []
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        if email.utf8.count > 254 || parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".")
            || parts[1].hasPrefix(".") || parts[1].hasSuffix(".") || email.contains(where: { $0.isWhitespace }) {
            issues.append(.init(field: "email", message: "must be an e-mail address (name@example.org), at most 254 bytes"))
        }
        if !(3...32).contains(username.count) || !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            issues.append(.init(field: "username", message: "must be 3 to 32 letters, digits, '.', '_' or '-'"))
        }
        let classes = [password.contains(where: \.isLetter), password.contains(where: \.isNumber),
                       password.contains(where: { !$0.isLetter && !$0.isNumber })].filter { $0 }.count
        if password.count < 10 || classes < 2 {
            issues.append(.init(field: "password", message: "must be at least 10 characters with two of: letters, digits, other characters"))
        } else if password.utf8.count > 72 {
            issues.append(.init(field: "password", message: "must be at most 72 bytes (bcrypt ignores the rest)"))
        } else if password.lowercased().contains(username.lowercased()) {
            issues.append(.init(field: "password", message: "must not contain the user name"))
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
    }
}
