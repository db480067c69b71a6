/// What a remote command produced.
public struct SSHCommandOutput: Sendable, Hashable {
    /// The exit status (127: the program was not found on the remote `PATH`).
    public var exitStatus: Int
    /// Standard output, as bytes.
    public var stdout: [UInt8]
    /// Standard error, as bytes.
    public var stderr: [UInt8]
    /// From opening the channel to its close.
    public var duration: Duration
    /// The server's host key (filled in by `SSHConnection`).
    public var hostKey: SSHHostKey?

    /// Creates an output.
    public init(exitStatus: Int, stdout: [UInt8], stderr: [UInt8], duration: Duration, hostKey: SSHHostKey? = nil) {
        self.exitStatus = exitStatus
        self.stdout = stdout
        self.stderr = stderr
        self.duration = duration
        self.hostKey = hostKey
    }

    /// Standard output as text (invalid UTF-8 repaired).
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as text (invalid UTF-8 repaired).
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// A remote command: an argument vector, never a command line, run under a time limit.
public struct SSHCommand: Sendable, Hashable {
    /// The program and its arguments.
    public var arguments: [String]
    /// Seconds the command may run before it is killed.
    public var timeout: Double
    /// Bytes of output (both streams) accepted before the command is abandoned.
    public var outputLimit: Int

    /// Creates a command.
    public init(_ arguments: [String], timeout: Double = 60, outputLimit: Int = 4 << 20) {
        self.arguments = arguments
        self.timeout = timeout
        self.outputLimit = outputLimit
    }
}
