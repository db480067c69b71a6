import Foundation
import Kernel

/// One registration lookup: over RDAP, or over WHOIS following referrals.
struct WHOISLookup: Sendable {
    let configuration: WHOISConfiguration
    let bootstrap: RDAPBootstrap
    let whois: WHOISClient
    let rdap: RDAPClient

    /// What a lookup found and how.
    struct Outcome: Sendable {
        var registration: Registration
        var protocolUsed: String
        var servers: [String]
        var raw: [JSONValue]
        var notes: [String]
    }

    func run(_ target: WHOISTarget, options: WHOISOptions, deadline: Date) async throws(ProbeFailure) -> Outcome {
        var notes: [String] = []
        if options.protocol != .whois {
            var base: String?
            if options.serverIsRDAP {
                base = options.server
            } else if let tld = target.topLevelDomain, let configured = configuration.rdapServers[tld] {
                base = configured
            } else if options.server == nil {
                do {
                    base = try await bootstrap.serviceURL(for: target, timeout: remaining(deadline))
                } catch {
                    if options.protocol == .rdap { throw error }
                    notes.append("RDAP bootstrap unavailable (\(error.message)); used WHOIS")
                }
            }
            if let base {
                return try await rdapLookup(target, base: base, deadline: deadline)
            }
            if options.protocol == .rdap {
                throw ProbeFailure(code: "no_rdap_service", message: "no RDAP service is known for \(target.rdapPath); try protocol whois")
            }
            if notes.isEmpty && options.server == nil { notes.append("no RDAP service for this \(target.kind); used WHOIS") }
        }
        var outcome = try await whoisLookup(target, options: options, deadline: deadline)
        outcome.notes = notes + outcome.notes
        return outcome
    }

    private func remaining(_ deadline: Date) -> Double { max(deadline.timeIntervalSinceNow, 0.01) }

    private func rdapLookup(_ target: WHOISTarget, base: String, deadline: Date) async throws(ProbeFailure) -> Outcome {
        let url = (base.hasSuffix("/") ? base : base + "/") + target.rdapPath
        let (json, status) = try await rdap.fetch(url, timeout: remaining(deadline))
        var registration = json.map(RDAPDocument.parse) ?? Registration()
        if status == 404 { registration.notFound = true }
        return Outcome(registration: registration, protocolUsed: "rdap", servers: [url],
                       raw: [.object(["url": .string(url), "status": .number(Double(status)), "json": json ?? .null])], notes: [])
    }

    private func whoisLookup(_ target: WHOISTarget, options: WHOISOptions, deadline: Date) async throws(ProbeFailure) -> Outcome {
        let first: String
        var startsAtRoot = false
        if let server = options.server {
            first = server
        } else if let tld = target.topLevelDomain, let configured = configuration.whoisServers[tld] {
            first = configured
        } else {
            first = configuration.ianaServer
            startsAtRoot = true
        }
        var server: WHOISServer
        do { server = try WHOISServer(parsing: first, field: "config.server") } catch {
            throw ProbeFailure(code: "bad_server", message: "\(error)")
        }
        var registration = Registration()
        var asked: [String] = []
        var raw: [JSONValue] = []
        var notes: [String] = []
        for hop in 0...options.maxReferrals {
            let text: String
            do {
                text = try await whois.query(target.whoisQuery(for: server), server: server, timeout: remaining(deadline))
            } catch {
                // A registrar that does not answer should not hide what the registry said.
                guard hop > 0 else { throw error }
                notes.append("referral to \(server) failed: \(error.message)")
                break
            }
            asked.append(server.description)
            raw.append(.object(["server": .string(server.description), "text": .string(text)]))
            let parsed = WHOISText.parse(text)
            // IANA's answer describes the TLD or the RIR, not the object asked about: take
            // only its referral.
            let fromRoot = startsAtRoot && hop == 0 && parsed.referral != nil
            if !fromRoot { registration = asked.count == 1 || registration == Registration() ? parsed : registration.merged(with: parsed) }
            guard let next = parsed.referral, let nextServer = try? WHOISServer(parsing: next, field: "referral"),
                  !asked.contains(nextServer.description) else { break }
            if hop == options.maxReferrals {
                notes.append("stopped at the referral limit (\(options.maxReferrals)); \(server) refers to \(nextServer)")
                break
            }
            server = nextServer
        }
        registration.referral = nil
        return Outcome(registration: registration, protocolUsed: "whois", servers: asked, raw: raw, notes: notes)
    }
}
