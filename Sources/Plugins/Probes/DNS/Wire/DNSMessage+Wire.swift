extension DNSMessage {
    /// Decodes a message. Hostile input (pointer loops, lengths past the end, truncated
    /// records, absurd counts) throws `DNSWireError`; work and memory are bounded by the
    /// message's size, since every record consumes at least 11 bytes.
    public init(decoding bytes: [UInt8]) throws(DNSWireError) {
        var reader = DNSReader(bytes)
        guard bytes.count >= 12 else { throw .truncated(what: "the header", offset: 0) }
        id = try reader.u16("the header")
        flags = DNSFlags(rawValue: try reader.u16("the header"))
        let questionCount = Int(try reader.u16("the header"))
        let answerCount = Int(try reader.u16("the header"))
        let authorityCount = Int(try reader.u16("the header"))
        let additionalCount = Int(try reader.u16("the header"))
        questions = []
        for _ in 0..<questionCount {
            let name = try reader.name("the question")
            questions.append(DNSQuestion(name: name, type: DNSRecordType(rawValue: try reader.u16("the question")),
                                         recordClass: try reader.u16("the question")))
        }
        answers = try Self.records(answerCount, "the answer section", from: &reader)
        authority = try Self.records(authorityCount, "the authority section", from: &reader)
        let rest = try Self.records(additionalCount, "the additional section", from: &reader, keepOPT: true)
        edns = nil
        additional = []
        for record in rest {
            guard record.type == .opt else { additional.append(record); continue }
            guard edns == nil else { throw .malformed("more than one OPT record") }
            guard case .unknown(let data) = record.data else { continue }
            edns = try Self.decodeEDNS(record, data: data)
        }
        guard reader.offset == bytes.count else { throw .malformed("\(bytes.count - reader.offset) bytes after the last record") }
    }

    private static func records(_ count: Int, _ what: String, from reader: inout DNSReader,
                                keepOPT: Bool = false) throws(DNSWireError) -> [DNSRecord] {
        var records: [DNSRecord] = []
        records.reserveCapacity(min(count, reader.remaining / 11))
        for _ in 0..<count {
            let name = try reader.name(what)
            let type = DNSRecordType(rawValue: try reader.u16(what))
            let recordClass = try reader.u16(what)
            let ttl = try reader.u32(what)
            let length = Int(try reader.u16(what))
            if type == .opt && !keepOPT { throw .malformed("an OPT record in \(what)") }
            let data: DNSRecordData = type == .opt
                ? .unknown(try reader.take(length, "the OPT record"))
                : try DNSRecordData.decode(type, length: length, from: &reader)
            records.append(DNSRecord(name: name, type: type, recordClass: recordClass, ttl: ttl, data: data))
        }
        return records
    }

    private static func decodeEDNS(_ record: DNSRecord, data: [UInt8]) throws(DNSWireError) -> EDNS {
        var options: [EDNS.Option] = []
        var reader = DNSReader(data)
        while reader.remaining > 0 {
            let code = try reader.u16("an EDNS option")
            let length = Int(try reader.u16("an EDNS option"))
            options.append(EDNS.Option(code: code, data: try reader.take(length, "an EDNS option")))
        }
        return EDNS(udpPayloadSize: record.recordClass, extendedResponseCode: UInt8(record.ttl >> 24),
                    version: UInt8((record.ttl >> 16) & 0xFF), dnssecOK: record.ttl & 0x8000 != 0, options: options)
    }

    /// Encodes the message with name compression; the EDNS record goes last.
    public func encoded() -> [UInt8] {
        var writer = DNSWriter()
        writer.u16(id)
        writer.u16(flags.rawValue)
        writer.u16(UInt16(questions.count))
        writer.u16(UInt16(answers.count))
        writer.u16(UInt16(authority.count))
        writer.u16(UInt16(additional.count + (edns == nil ? 0 : 1)))
        for question in questions {
            writer.name(question.name)
            writer.u16(question.type.rawValue)
            writer.u16(question.recordClass)
        }
        for record in answers + authority + additional {
            writer.name(record.name)
            writer.u16(record.type.rawValue)
            writer.u16(record.recordClass)
            writer.u32(record.ttl)
            let lengthIndex = writer.bytes.count
            writer.u16(0)
            record.data.encode(into: &writer)
            writer.patch16(at: lengthIndex, UInt16(writer.bytes.count - lengthIndex - 2))
        }
        if let edns {
            writer.u8(0)
            writer.u16(DNSRecordType.opt.rawValue)
            writer.u16(edns.udpPayloadSize)
            writer.u32(UInt32(edns.extendedResponseCode) << 24 | UInt32(edns.version) << 16 | (edns.dnssecOK ? 0x8000 : 0))
            let options = edns.options.flatMap { [UInt8($0.code >> 8), UInt8($0.code & 0xFF),
                                                  UInt8($0.data.count >> 8), UInt8($0.data.count & 0xFF)] + $0.data }
            writer.u16(UInt16(options.count))
            writer.append(options)
        }
        return writer.bytes
    }

    /// A query for one question.
    public static func query(id: UInt16, name: DNSName, type: DNSRecordType, recursionDesired: Bool,
                             checkingDisabled: Bool = false, edns: EDNS?) -> DNSMessage {
        var flags = DNSFlags(rawValue: 0)
        flags.recursionDesired = recursionDesired
        flags.checkingDisabled = checkingDisabled
        flags.authenticData = edns?.dnssecOK ?? false
        return DNSMessage(id: id, flags: flags, questions: [DNSQuestion(name: name, type: type)], edns: edns)
    }
}
