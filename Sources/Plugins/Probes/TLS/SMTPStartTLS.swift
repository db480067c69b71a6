import Kernel

/// The SMTP exchange before a STARTTLS handshake (RFC 3207): the greeting, EHLO, STARTTLS.
enum SMTPStartTLS {
    /// Speaks SMTP on `socket` until the server is ready for the TLS handshake.
    static func negotiate(on socket: BlockingSocket) throws(ProbeFailure) {
        let greeting = try reply(from: socket)
        guard greeting.code == 220 else { throw refusal("greeting", greeting) }
        try socket.write("EHLO vantage.invalid\r\n")
        let hello = try reply(from: socket)
        guard hello.code == 250 else { throw refusal("EHLO", hello) }
        guard hello.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
            throw ProbeFailure(code: "starttls_unsupported", message: "the SMTP server does not offer STARTTLS")
        }
        try socket.write("STARTTLS\r\n")
        let ready = try reply(from: socket)
        guard ready.code == 220 else { throw refusal("STARTTLS", ready) }
    }

    /// A multi-line reply: `250-first`, `250-second`, `250 last`.
    static func reply(from socket: BlockingSocket) throws(ProbeFailure) -> (code: Int, lines: [String]) {
        var lines: [String] = []
        for _ in 0..<100 {
            let line = try socket.readLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else {
                throw ProbeFailure(code: "bad_response", message: "not an SMTP reply: '\(line.prefix(80))'")
            }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, lines) }
        }
        throw ProbeFailure(code: "bad_response", message: "an SMTP reply of more than 100 lines")
    }

    private static func refusal(_ step: String, _ reply: (code: Int, lines: [String])) -> ProbeFailure {
        ProbeFailure(code: "starttls_refused", message: "the SMTP server answered \(step) with \(reply.code) \(reply.lines.last ?? "")")
    }
}
