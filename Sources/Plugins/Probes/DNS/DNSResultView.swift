import Kernel

/// The JSON form of a DNS response in a probe result's `details`.
enum DNSResultView {
    static func details(_ answer: DNSLookup.Answer, question: DNSQuestion, answerSet: [String], failures: [String]) -> JSONValue {
        let message = answer.message
        var details: [String: JSONValue] = [
            "question": .object(["name": .string("\(question.name)"), "type": .string("\(question.type)")]),
            "server": .string(answer.server),
            "transport": .string(answer.transport),
            "truncatedRetry": .bool(answer.truncatedRetry),
            "rcode": .string("\(message.responseCode)"),
            "flags": .array(message.flags.names.map { .string($0) }),
            "id": .number(Double(message.id)),
            "queryTime": .number(answer.seconds),
            "size": .number(Double(answer.size)),
            "answer": .array(message.answers.map(record)),
            "authority": .array(message.authority.map(record)),
            "additional": .array(message.additional.map(record)),
            "answers": .array(answerSet.map { .string($0) }),
        ]
        if let edns = message.edns {
            details["edns"] = .object(["udpSize": .number(Double(edns.udpPayloadSize)), "version": .number(Double(edns.version)),
                                       "dnssecOK": .bool(edns.dnssecOK)])
        }
        if !failures.isEmpty { details["failedServers"] = .array(failures.map { .string($0) }) }
        return .object(details)
    }

    static func record(_ record: DNSRecord) -> JSONValue {
        var fields: [String: JSONValue] = [
            "name": .string("\(record.name)"),
            "ttl": .number(Double(record.ttl)),
            "class": .string(record.recordClass == 1 ? "IN" : "CLASS\(record.recordClass)"),
            "type": .string("\(record.type)"),
            "data": .string(record.data.presentation),
            "value": .string(record.data.comparable),
        ]
        if let keyTag = record.data.keyTag { fields["keyTag"] = .number(Double(keyTag)) }
        return .object(fields)
    }

    /// The answer set expectations compare: values of the records of the asked type (the
    /// CNAMEs of a chain are left out unless CNAME was asked), normalised and sorted.
    static func answerSet(_ message: DNSMessage, type: DNSRecordType) -> [String] {
        message.answers.filter { $0.type == type }.map { normalise($0.data.comparable) }.sorted()
    }

    static func normalise(_ value: String) -> String {
        let trimmed = value.trimmingBlanks
        let bare = trimmed.hasSuffix(".") && trimmed != "." ? String(trimmed.dropLast()) : trimmed
        return bare.lowercased()
    }
}
