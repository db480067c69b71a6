/// The one command `collector.ssh` runs per collection, and the reader of what it prints.
///
/// The script is constant but for a random nonce: it prints each system file after a marker
/// line `@@NONCE file PATH`, then `df -P -B1` (or `df -Pk` where `-B` is unknown), then every
/// process's `stat` and `cmdline` as NUL-terminated `PATH:TEXT` records (`grep -a -H -z`, one
/// process for all of them), then the `Uid:` and `VmRSS:` lines of each `status`. A file's
/// text can hold anything but the nonce, which it cannot guess, so no content can forge a
/// section. Nothing in the script comes from the user: no target is ever pasted into it.
public enum RemoteReadingScript {
    /// Output larger than this is cut by the SSH transport and refused here.
    public static let maximumOutput = 16 << 20

    /// The shell script for `sh -c`. `nonce` must be letters and digits (the collector draws
    /// 16 random hex digits per collection); `processes: false` leaves out the process list.
    public static func script(nonce: String, processes: Bool) -> String {
        precondition(!nonce.isEmpty && nonce.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "nonce must be alphanumeric")
        var lines = [
            "n=\(nonce)",
            "for f in \(ProcFileBundle.systemFiles.joined(separator: " ")); do",
            "  [ -r \"$f\" ] && { printf '\\n@@%s file %s\\n' \"$n\" \"$f\"; cat \"$f\" 2>/dev/null; }",
            "done",
            "printf '\\n@@%s df\\n' \"$n\"",
            "LC_ALL=C df -P -l -B1 2>/dev/null || LC_ALL=C df -P -l -k 2>/dev/null",
        ]
        if processes {
            lines += [
                "printf '\\n@@%s processes\\n' \"$n\"",
                "grep -a -H -z '' /proc/[0-9]*/stat /proc/[0-9]*/cmdline 2>/dev/null",
                "printf '\\n@@%s status\\n' \"$n\"",
                "grep -a -H -E '^(Uid|VmRSS):' /proc/[0-9]*/status 2>/dev/null",
            ]
        }
        lines.append("printf '\\n@@%s end\\n' \"$n\"")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads the output of `script(nonce:processes:)`. Throws when the output is larger than
    /// `maximumOutput` or has no end marker (the command was cut off); sections it does not
    /// know and records that name no process file are skipped.
    public static func parse(_ output: String, nonce: String) throws -> ProcFileBundle {
        let source = "remote reading"
        guard output.utf8.count <= maximumOutput else {
            throw ProcParseError(file: source, message: "is larger than \(maximumOutput >> 20) MiB")
        }
        var sections = Array(split(output, marker: Array("\n@@\(nonce) ".utf8)).dropFirst())
        guard let last = sections.popLast(), last.hasPrefix("end") else {
            throw ProcParseError(file: source, message: "was cut off before its end marker")
        }
        var bundle = ProcFileBundle()
        for section in sections {
            let header = section.prefix { $0 != "\n" }
            let body = section.dropFirst(header.count + 1)
            let words = header.split(separator: " ", maxSplits: 1)
            switch (words.first, words.count) {
            case ("file", 2):
                let path = String(words[1])
                if ProcFileBundle.systemFiles.contains(path) { bundle.files[path] = body }
            case ("df", 1): bundle.dfOutput = body
            case ("processes", 1): readProcessRecords(body, into: &bundle)
            case ("status", 1): readStatusLines(body, into: &bundle)
            default: continue
            }
        }
        return bundle
    }

    /// The text between occurrences of `marker`, compared byte by byte: as characters, a file
    /// ending in CR would join the marker's LF into one CRLF character and hide the marker.
    private static func split(_ output: String, marker: [UInt8]) -> [Substring] {
        let bytes = Array(output.utf8)
        var pieces: [Substring] = []
        var start = 0
        var index = 0
        while index + marker.count <= bytes.count {
            if bytes[index] == marker[0], bytes[index..<(index + marker.count)].elementsEqual(marker) {
                pieces.append(Substring(String(decoding: bytes[start..<index], as: UTF8.self)))
                index += marker.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(Substring(String(decoding: bytes[start...], as: UTF8.self)))
        return pieces
    }

    /// `/proc/PID/stat:TEXT` and `/proc/PID/cmdline:ARG` records, each ended by NUL.
    private static func readProcessRecords(_ body: Substring, into bundle: inout ProcFileBundle) {
        var arguments: [Int: [UInt8]] = [:]
        forEachRecord(in: body, separator: 0) { pid, file, text in
            if file.elementsEqual("stat".utf8) {
                bundle.processes[pid] = ProcFileBundle.ProcessFiles(stat: Substring(String(decoding: text, as: UTF8.self)))
            } else if file.elementsEqual("cmdline".utf8) {
                arguments[pid, default: []].append(contentsOf: text)
                arguments[pid]?.append(0)
            }
        }
        for (pid, joined) in arguments where bundle.processes[pid] != nil {
            bundle.processes[pid]?.cmdline = Substring(String(decoding: joined.dropLast(), as: UTF8.self))
        }
    }

    /// `/proc/PID/status:Uid:…` lines, gathered per process.
    private static func readStatusLines(_ body: Substring, into bundle: inout ProcFileBundle) {
        var lines: [Int: [UInt8]] = [:]
        forEachRecord(in: body, separator: 0x0A) { pid, file, text in
            guard file.elementsEqual("status".utf8) else { return }
            if lines[pid] != nil { lines[pid]?.append(0x0A) }
            lines[pid, default: []].append(contentsOf: text)
        }
        for (pid, text) in lines where bundle.processes[pid] != nil {
            bundle.processes[pid]?.status = Substring(String(decoding: text, as: UTF8.self))
        }
    }

    /// Calls `handle` with the pid, the file name and the text of each `/proc/PID/FILE:TEXT`
    /// record of `body` ended by `separator`; records that name no process file are skipped.
    /// Bytes, not characters, throughout: a record may start with anything, such as a
    /// combining mark, and one pass over contiguous bytes is what keeps a few hundred
    /// processes per host per reading cheap.
    private static func forEachRecord(in body: Substring, separator: UInt8,
                                      _ handle: (Int, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        var copy = body
        copy.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != separator { end += 1 }
                if let (pid, file, text) = processRecord(UnsafeBufferPointer(rebasing: bytes[start..<end])) { handle(pid, file, text) }
                start = end + 1
            }
        }
    }

    /// Splits `/proc/123/stat:TEXT` into 123, `stat` and TEXT; nil for anything else.
    private static func processRecord(_ record: UnsafeBufferPointer<UInt8>) -> (Int, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>)? {
        guard record.starts(with: "/proc/".utf8) else { return nil }
        var index = 6, pid = 0
        while index < record.count, index < 15, record[index] >= 0x30, record[index] <= 0x39 {
            pid = pid * 10 + Int(record[index] - 0x30)
            index += 1
        }
        guard index > 6, index < record.count, record[index] == 0x2F else { return nil }
        let nameStart = index + 1
        guard let colon = record[nameStart...].firstIndex(of: 0x3A) else { return nil }
        return (pid, UnsafeBufferPointer(rebasing: record[nameStart..<colon]), UnsafeBufferPointer(rebasing: record[(colon + 1)...]))
    }
}
