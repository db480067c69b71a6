import Kernel

/// Turns a DNS response into a probe result: the response code and answer checked against
/// the expectations, the query time against the degraded threshold, and a change of answer
/// set turned into an event.
enum DNSVerdict {
    static func result(_ answer: DNSLookup.Answer, question: DNSQuestion, options: DNSOptions, failures: [String],
                       previous: ProbeResult?) -> ProbeResult {
        let message = answer.message
        let answerSet = DNSResultView.answerSet(message, type: question.type)
        var result = ProbeResult(status: .up, latency: answer.seconds,
                                 metrics: ["query_seconds": answer.seconds, "answer_records": Double(message.answers.count),
                                           "response_bytes": Double(answer.size)],
                                 details: DNSResultView.details(answer, question: question, answerSet: answerSet, failures: failures))
        let rcode = message.responseCode
        let expected = options.expectRcode.compactMap(DNSResponseCode.init(name:))
        if !expected.contains(rcode) {
            result.status = .down
            result.failure = ProbeFailure(code: "rcode", message: "\(answer.server) answered \(rcode) for \(question.name) \(question.type), expected \(options.expectRcode.joined(separator: " or "))")
        } else if let mismatch = mismatch(answerSet, options.expectAnswers) {
            result.status = .down
            result.failure = ProbeFailure(code: "answer_mismatch", message: "\(question.name) \(question.type): \(mismatch)")
        } else if let threshold = options.degradedAfter, answer.seconds > threshold {
            result.status = .degraded
            result.failure = ProbeFailure(code: "slow", message: "the query took \(formatSeconds(answer.seconds)), above \(formatSeconds(threshold))")
        }
        if options.alertOnChange, let event = changeEvent(previous, answerSet: answerSet, rcode: rcode, question: question) {
            result.events.append(event)
        }
        return result
    }

    /// A `dns.answer_changed` event when the previous run got a response whose answer set or
    /// response code differs from this one's.
    static func changeEvent(_ previous: ProbeResult?, answerSet: [String], rcode: DNSResponseCode,
                            question: DNSQuestion) -> ProbeEvent? {
        guard let previous, let before = previous.details["answers"]?.arrayValue?.compactMap(\.stringValue),
              let rcodeBefore = previous.details["rcode"]?.stringValue else { return nil }
        guard before != answerSet || rcodeBefore != "\(rcode)" else { return nil }
        let payload: [String: JSONValue] = [
            "name": .string("\(question.name)"), "type": .string("\(question.type)"),
            "before": .array(before.map { .string($0) }), "after": .array(answerSet.map { .string($0) }),
            "rcodeBefore": .string(rcodeBefore), "rcode": .string("\(rcode)"),
        ]
        return ProbeEvent(name: "dns.answer_changed", payload: .object(payload))
    }

    /// Why the answer set does not meet the expectation, or nil when it does.
    static func mismatch(_ answers: [String], _ expectation: DNSOptions.AnswerExpectation?) -> String? {
        guard let expectation else { return nil }
        let shown = answers.isEmpty ? "an empty answer" : answers.joined(separator: ", ")
        if let contains = expectation.contains {
            let missing = contains.map(DNSResultView.normalise).filter { !answers.contains($0) }
            return missing.isEmpty ? nil : "missing \(missing.joined(separator: ", ")) (got \(shown))"
        }
        if let equals = expectation.equals {
            return equals.map(DNSResultView.normalise).sorted() == answers ? nil
                : "expected exactly \(equals.joined(separator: ", ")), got \(shown)"
        }
        if let anyOf = expectation.anyOf {
            return anyOf.map(DNSResultView.normalise).contains(where: answers.contains) ? nil
                : "expected one of \(anyOf.joined(separator: ", ")), got \(shown)"
        }
        return nil
    }
}
