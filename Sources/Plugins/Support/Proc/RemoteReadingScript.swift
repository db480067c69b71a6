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
        var arguments: [Int: [Substring]] = [:]
        for record in body.utf8.split(separator: 0, omittingEmptySubsequences: true) {
            guard let (pid, file, text) = processRecord(Substring(record)) else { continue }
            switch file {
            case "stat": bundle.processes[pid] = ProcFileBundle.ProcessFiles(stat: text)
            case "cmdline": arguments[pid, default: []].append(text)
            default: continue
            }
        }
        for (pid, parts) in arguments where bundle.processes[pid] != nil {
            bundle.processes[pid]?.cmdline = Substring(parts.joined(separator: "\0"))
        }
    }

    /// `/proc/PID/status:Uid:…` lines, gathered per process.
    private static func readStatusLines(_ body: Substring, into bundle: inout ProcFileBundle) {
        var lines: [Int: [Substring]] = [:]
        for line in ProcText.byteLines(body) {
            guard let (pid, file, text) = processRecord(line), file == "status" else { continue }
            lines[pid, default: []].append(text)
        }
        for (pid, text) in lines where bundle.processes[pid] != nil {
            bundle.processes[pid]?.status = Substring(text.joined(separator: "\n"))
        }
    }

    /// Splits `/proc/123/stat:TEXT` into 123, `stat` and TEXT; nil for anything else. Bytes,
    /// not characters: a record may start with anything, such as a combining mark.
    private static func processRecord(_ record: Substring) -> (Int, Substring, Substring)? {
        let bytes = record.utf8
        guard bytes.starts(with: "/proc/".utf8) else { return nil }
        let rest = bytes.dropFirst(6)
        let digits = rest.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard (1...9).contains(digits.count), rest.dropFirst(digits.count).first == 0x2F,
              let pid = Int(Substring(digits)) else { return nil }
        let afterPID = rest.dropFirst(digits.count + 1)
        guard let colon = afterPID.firstIndex(of: 0x3A) else { return nil }
        return (pid, Substring(afterPID[..<colon]), Substring(afterPID[afterPID.index(after: colon)...]))
    }
}
