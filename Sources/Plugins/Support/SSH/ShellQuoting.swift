/// The one place that turns an argument vector into text for a remote POSIX shell. Every
/// argument is single-quoted, with each `'` written as `'\''`, so no character of it is
/// special to the shell: `;`, `$( )`, backquotes, newlines, globs and leading `-` reach the
/// program as they are, inside one argument. Nothing else in Vantage builds a remote command
/// line.
///
/// An SSH server hands the command text to the account's login shell; this assumes that
/// shell is POSIX (sh, bash, dash, zsh, ksh, ash), as it is on every Linux server by default.
public enum ShellQuoting {
    /// One argument, quoted.
    public static func quote(_ argument: String) -> String {
        "'" + argument.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// The arguments quoted and joined by spaces; throws for an empty vector or an argument
    /// with a NUL byte (which no shell or `exec` can carry).
    public static func commandLine(_ arguments: [String]) throws -> String {
        guard !arguments.isEmpty else { throw SSHError(.invalidCommand, "a remote command needs at least a program name") }
        if let bad = arguments.firstIndex(where: { $0.utf8.contains(0) }) {
            throw SSHError(.invalidCommand, "argument \(bad) of the remote command contains a NUL byte")
        }
        return arguments.map(quote).joined(separator: " ")
    }

    /// The POSIX `sh` program (run as `/bin/sh`, so an account whose `PATH` lacks it still works) that runs `"$@"` and kills it when its standard input reaches
    /// end of file, which is what the SSH server delivers when Vantage closes the channel (a
    /// command timeout) or the connection drops. The command's own standard input is
    /// /dev/null. Exit status is the command's (127 when the program is not found).
    static let watchdog = "exec 3<&0 0</dev/null; \"$@\" & p=$!; (read _ <&3; kill -KILL $p 2>/dev/null) & w=$!; wait $p; s=$?; kill $w 2>/dev/null; exit $s"

    /// The text sent to the server to run `arguments` under the watchdog.
    public static func supervisedCommandLine(_ arguments: [String]) throws -> String {
        try commandLine(["/bin/sh", "-c", watchdog, "vantage"] + arguments)
    }
}
