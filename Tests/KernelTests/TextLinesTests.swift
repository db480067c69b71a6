import Kernel
import Testing

@Suite("line splitting")
struct TextLinesTests {
    @Test("LF, CRLF and a lone CR all end a line", arguments: ["\n", "\r\n", "\r"])
    func everyTerminator(_ end: String) {
        let text = "Domain Name: EXAMPLE.COM" + end + "Registrar: Example" + end + end + "last"
        #expect(TextLines.split(text) == ["Domain Name: EXAMPLE.COM", "Registrar: Example", "", "last"])
        #expect(TextLines.split(text, omittingEmpty: true) == ["Domain Name: EXAMPLE.COM", "Registrar: Example", "last"])
    }

    @Test func mixedTerminatorsAndATrailingOne() {
        #expect(TextLines.split("a\r\nb\nc\rd\r\n") == ["a", "b", "c", "d"])
        #expect(TextLines.split("\r\n\r\n") == ["", ""])
        #expect(TextLines.split("") == [])
        #expect(TextLines.split("no terminator") == ["no terminator"])
    }

    @Test func aCRLFIsOneCharacterButTwoScalars() {
        // The trap this type exists for: "\r\n" is one Character, equal to neither "\n" nor "\r".
        let text = "one\r\ntwo"
        #expect(text.split(separator: "\n").count == 1)
        #expect(TextLines.split(text) == ["one", "two"])
    }

    @Test func nonASCIIAndCombiningMarksSurvive() {
        #expect(TextLines.split("Registrant: Société Générale\r\nname: e\u{301}cole") == ["Registrant: Société Générale", "name: e\u{301}cole"])
    }
}
