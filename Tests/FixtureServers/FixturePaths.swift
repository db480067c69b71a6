import Foundation

/// Where the repository's test fixtures live, found from this source file's path.
public enum FixturePaths {
    /// `Tests/Fixtures`.
    public static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Starts a program in the background with its output going to `output` (standard error
    /// too, unless `errors` names another file); returns its pid.
    @discardableResult
    public static func spawn(_ executable: String, _ arguments: [String], output: String, errors: String? = nil,
                             input: String = "/dev/null", directory: String? = nil, environment: [String: String]? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        // The child must not inherit the test process's other descriptors: a listening socket
        // would keep accepting after a test closed it, and a file being written would make
        // its exec fail with ETXTBSY.
        if let closeFrom = closeFrom { _ = closeFrom(&actions, 3) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let errors {
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // A working directory goes through `env -C` (posix_spawn_file_actions_addchdir_np is
        // not visible to Swift).
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] + arguments } ?? [executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // A child started from a concurrency thread would inherit that thread's signal mask,
        // with SIGTERM blocked, and ignore the SIGTERM that stops it: clear the mask and put
        // every signal's disposition back to the default.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let variables = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { variables?.forEach { free($0) } }
        let spawned = variables.map { posix_spawn(&pid, command[0], &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module
    /// does not import, looked up at run time.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Runs a program to completion with `posix_spawn` and `waitpid` (no Foundation pipes,
    /// whose reads abort on EINTR); returns its exit status and combined output.
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-fixture-\(UUID().uuidString).log").path
        defer { unlink(log) }
        let pid = try spawn(executable, arguments, output: log)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, output)
    }
}

extension FixturePaths {
    /// Runs a program to completion on a thread of its own, keeping standard output and
    /// standard error apart: for tests of command-line output that must not block the
    /// concurrency pool while the program runs.
    public static func capture(_ executable: String, _ arguments: [String], input: String? = nil, directory: String? = nil,
                               environment: [String: String]? = nil) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let base = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-run-\(UUID().uuidString)").path
                    defer { unlink(base + ".out"); unlink(base + ".err"); unlink(base + ".in") }
                    if let input { _ = FileManager.default.createFile(atPath: base + ".in", contents: Data(input.utf8)) }
                    let pid = try spawn(executable, arguments, output: base + ".out", errors: base + ".err",
                                        input: input == nil ? "/dev/null" : base + ".in", directory: directory, environment: environment)
                    var status: Int32 = 0
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                    return (exitStatus, (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
                            (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
                })
            }.start()
        }
    }

    /// `run` on a thread of its own, so a test awaiting it blocks none of the concurrency
    /// pool's few threads.
    public static func runDetached(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await onOwnThread { try run(executable, arguments) }
    }
}

/// Ports that were free a moment ago on 127.0.0.1, for servers that must be told their port.
public enum FreePort {
    /// A port free for both TCP and UDP on 127.0.0.1.
    public static func both() -> UInt16 {
        while true {
            let port = UInt16.random(in: 20_000...60_000)
            if isFree(port, type: SOCK_STREAM) && isFree(port, type: SOCK_DGRAM) { return port }
        }
    }

    private static func isFree(_ port: UInt16, type: __socket_type) -> Bool {
        let descriptor = socket(AF_INET, Int32(type.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
