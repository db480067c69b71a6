import Foundation
import Kernel
import PacketSupport
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP conversation that submits one message: greeting, EHLO, STARTTLS (or TLS from the
/// first byte), AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO for each recipient, DATA, QUIT.
/// Certificates are verified against the system's trust store or the channel's CA file.
/// Failures say which step failed and what the server answered; a 5xx answer or a failed
/// login is not worth another attempt, a 4xx or a lost connection is.
struct SMTPSession {
    let settings: EmailNotifier.ChannelOptions
    let tls: NIOSSLContext?

    /// The server's address, resolved once and checked against the built-in egress rules and
    /// the tenant's policy; the connection goes to this very address, so a name that
    /// resolves differently a moment later (DNS rebinding) cannot slip past the check.
    static func checkedAddress(_ host: String, port: Int) async throws -> SocketAddress {
        let address: IPAddress
        do {
            address = try await TargetResolver.resolve(host, family: .any, policy: .standard)
        } catch where error.code == "refused_by_policy" {
            throw NotificationFailure("delivery to \(host) is not allowed: \(error.message)", retryable: false)
        } catch {
            throw NotificationFailure("cannot resolve \(host): \(error.message)")
        }
        do {
            return try SocketAddress(ipAddress: address.description, port: port)
        } catch {
            throw NotificationFailure("cannot connect to \(host) port \(port): \(error)")
        }
    }

    /// Sends `message`; returns the server's answer to the end of DATA.
    func send(_ message: EmailMessage) async throws -> DeliveryReceipt {
        let (replies, continuation) = AsyncThrowingStream<SMTPReply, any Error>.makeStream()
        let host = settings.host, security = settings.securityMode, tls = self.tls
        let server = try await Self.checkedAddress(host, port: settings.resolvedPort)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if security == .tls, let tls {
                            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler(continuation))
                    }
                }
                .connect(to: server).get()
        } catch {
            throw NotificationFailure("cannot connect to \(host) port \(settings.resolvedPort): \(error)")
        }
        continuation.onTermination = { _ in channel.close(promise: nil) }
        var conversation = Conversation(channel: channel, replies: replies.makeAsyncIterator(), host: host)
        defer { channel.close(promise: nil) }
        try await conversation.expect(220, after: "connecting")
        var extensions = try await conversation.ehlo(settings.heloName ?? "vantage")
        if security == .starttls {
            guard extensions.contains("STARTTLS") else {
                throw NotificationFailure("\(host) does not offer STARTTLS; set security to \"tls\" for a TLS port, or \"none\" only on a trusted network",
                                          retryable: false)
            }
            try await conversation.command("STARTTLS", expect: 220)
            guard let tls else { throw NotificationFailure("no TLS context", retryable: false) }
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(host)), position: .first)
            }.get()
            extensions = try await conversation.ehlo(settings.heloName ?? "vantage")
        }
        if let username = settings.username, let password = settings.password {
            try await conversation.authenticate(username: username, password: password, offered: extensions)
        }
        try await conversation.command("MAIL FROM:<\(settings.from)>", expect: 250)
        for recipient in settings.to { try await conversation.command("RCPT TO:<\(recipient)>", expect: 250, 251) }
        try await conversation.command("DATA", expect: 354)
        let accepted = try await conversation.send(message.data(), expect: 250, after: "the message")
        _ = try? await conversation.command("QUIT", expect: 221)
        return DeliveryReceipt(status: accepted.code, detail: accepted.text)
    }

    /// SNI is for names only; an address literal is verified against the certificate's IP SANs.
    static func sniName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    /// The command-and-reply half of the session.
    struct Conversation {
        let channel: any Channel
        var replies: AsyncThrowingStream<SMTPReply, any Error>.AsyncIterator
        let host: String

        mutating func ehlo(_ name: String) async throws -> Set<String> {
            let reply = try await command("EHLO \(name)", expect: 250)
            return Set(reply.lines.dropFirst().map { $0.split(separator: " ").first.map { $0.uppercased() } ?? "" })
                .union(reply.lines.dropFirst().compactMap { line in line.uppercased().hasPrefix("AUTH") ? "AUTH " + line.dropFirst(5).uppercased() : nil })
        }

        mutating func authenticate(username: String, password: String, offered: Set<String>) async throws {
            let mechanisms = Set(offered.filter { $0.hasPrefix("AUTH ") }.flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) })
            if mechanisms.contains("PLAIN") || mechanisms.isEmpty {
                let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
                try await command("AUTH PLAIN \(token)", expect: 235, shown: "AUTH PLAIN (credentials)")
            } else if mechanisms.contains("LOGIN") {
                try await command("AUTH LOGIN", expect: 334)
                try await command(Data(username.utf8).base64EncodedString(), expect: 334, shown: "the user name")
                try await command(Data(password.utf8).base64EncodedString(), expect: 235, shown: "the password")
            } else {
                throw NotificationFailure("\(host) offers neither AUTH PLAIN nor LOGIN (it offers \(mechanisms.sorted().joined(separator: ", ")))", retryable: false)
            }
        }

        @discardableResult
        mutating func command(_ line: String, expect codes: Int..., shown: String? = nil) async throws -> SMTPReply {
            try await send(Array((line + "\r\n").utf8), expect: codes, after: shown ?? line)
        }

        mutating func send(_ bytes: [UInt8], expect codes: Int..., after step: String) async throws -> SMTPReply {
            try await send(bytes, expect: codes, after: step)
        }

        mutating func send(_ bytes: [UInt8], expect codes: [Int], after step: String) async throws -> SMTPReply {
            do {
                try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
            } catch {
                // Why the connection closed (a failed TLS handshake) ended the reply stream.
                _ = try await expect(codes, after: step)
                throw NotificationFailure("\(host) closed the connection before \(step): \(error)")
            }
            return try await expect(codes, after: step)
        }

        mutating func expect(_ codes: Int..., after step: String) async throws { _ = try await expect(codes, after: step) }

        mutating func expect(_ codes: [Int], after step: String) async throws -> SMTPReply {
            let reply: SMTPReply?
            do {
                reply = try await replies.next()
            } catch let error as NIOSSLError {
                throw NotificationFailure("TLS with \(host) failed after \(step): \(error)", retryable: false)
            } catch let error as BoringSSLError {
                throw NotificationFailure("TLS with \(host) failed after \(step): \(error)", retryable: false)
            } catch {
                throw NotificationFailure("\(host) failed after \(step): \(error)")
            }
            guard let reply else { throw NotificationFailure("the delivery to \(host) was cancelled after \(step)") }
            guard codes.contains(reply.code) else {
                let login = reply.code == 535 || reply.code == 534 || reply.code == 530
                throw NotificationFailure("\(host) answered \(step) with \(reply.code) \(reply.text)\(login ? " (check the user name and password)" : "")",
                                          status: reply.code, retryable: !(500...599).contains(reply.code))
            }
            return reply
        }
    }
}
