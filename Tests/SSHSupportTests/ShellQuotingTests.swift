import SSHSupport
import Testing

@Suite("Shell quoting and remote targets")
struct ShellQuotingTests {
    @Test("every argument is single-quoted; a quote becomes '\\''")
    func quoting() throws {
        #expect(ShellQuoting.quote("abc") == "'abc'")
        #expect(ShellQuoting.quote("it's") == "'it'\\''s'")
        #expect(ShellQuoting.quote("") == "''")
        #expect(try ShellQuoting.commandLine(["mtr", "-n", "$(id)"]) == "'mtr' '-n' '$(id)'")
        #expect(throws: SSHError.self) { try ShellQuoting.commandLine([]) }
        #expect(throws: SSHError.self) { try ShellQuoting.commandLine(["a\u{0}"]) }
    }

    @Test("targets: addresses and host names only", arguments: [
        ("192.0.2.1", true), ("2001:db8::1", true), ("::1", true), ("example.com", true), ("example.com.", true),
        ("a_b.example", true), ("1.1.1.1;touch /tmp/x", false), ("$(id)", false), ("-oProxyCommand=x", false),
        ("a\nb", false), ("a'b", false), ("a\"b", false), ("", false), ("a b", false), ("..", false),
        ("-1.2.3.4", false), ("fe80::1%eth0", false), ("example.com/x", false), ("ex*mple", false),
    ])
    func targets(_ text: String, _ valid: Bool) {
        #expect((RemoteTarget.problem(text) == nil) == valid, "\(text)")
    }

    @Test("mtr --version of each release")
    func mtrVersion() {
        #expect(MTRVersion.parse("mtr 0.95\n") == "0.95")
        #expect(MTRVersion.parse("mtr 0.92.1\r\n") == "0.92.1")
        #expect(MTRVersion.parse("sh: 1: mtr: not found") == nil)
    }

    @Test("fingerprints in OpenSSH's form")
    func fingerprints() {
        #expect(SSHHostKey.isFingerprint("SHA256:oUQoYsdtWeW5B08r2bRu9mZSVV6ixv2Io2w80v45otg"))
        #expect(!SSHHostKey.isFingerprint("SHA256:short"))
        #expect(!SSHHostKey.isFingerprint("MD5:aa:bb"))
    }
}
