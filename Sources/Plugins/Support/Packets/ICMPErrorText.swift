/// Plain words and traceroute's annotations for ICMP error types and codes.
public enum ICMPErrorText {
    /// "time exceeded", "host unreachable", "port unreachable", ...
    public static func describe(type: UInt8, code: UInt8, family: IPAddress.Family) -> String {
        switch family {
        case .ipv4:
            switch (type, code) {
            case (ICMPType.timeExceeded, _): return "time exceeded"
            case (ICMPType.destinationUnreachable, 0): return "network unreachable"
            case (ICMPType.destinationUnreachable, 1): return "host unreachable"
            case (ICMPType.destinationUnreachable, 2): return "protocol unreachable"
            case (ICMPType.destinationUnreachable, 3): return "port unreachable"
            case (ICMPType.destinationUnreachable, 4): return "fragmentation needed"
            case (ICMPType.destinationUnreachable, 9), (ICMPType.destinationUnreachable, 10), (ICMPType.destinationUnreachable, 13):
                return "administratively prohibited"
            case (ICMPType.destinationUnreachable, _): return "destination unreachable (code \(code))"
            case (ICMPType.parameterProblem, _): return "parameter problem"
            default: return "ICMP type \(type) code \(code)"
            }
        case .ipv6:
            switch (type, code) {
            case (ICMPType.timeExceededV6, _): return "hop limit exceeded"
            case (ICMPType.destinationUnreachableV6, 0): return "no route to destination"
            case (ICMPType.destinationUnreachableV6, 1): return "administratively prohibited"
            case (ICMPType.destinationUnreachableV6, 3): return "address unreachable"
            case (ICMPType.destinationUnreachableV6, 4): return "port unreachable"
            case (ICMPType.destinationUnreachableV6, _): return "destination unreachable (code \(code))"
            case (ICMPType.packetTooBigV6, _): return "packet too big"
            case (ICMPType.parameterProblemV6, _): return "parameter problem"
            default: return "ICMPv6 type \(type) code \(code)"
            }
        }
    }

    /// traceroute's annotation for an error that ends a trace early (`!H`, `!N`, `!P`, `!X`),
    /// or nil for time exceeded and port unreachable.
    public static func annotation(type: UInt8, code: UInt8, family: IPAddress.Family) -> String? {
        switch family {
        case .ipv4:
            guard type == ICMPType.destinationUnreachable else { return type == ICMPType.parameterProblem ? "!P" : nil }
            switch code {
            case 0: return "!N"
            case 1: return "!H"
            case 2: return "!P"
            case 3: return nil
            case 4: return "!F"
            case 9, 10, 13: return "!X"
            default: return "!<\(code)>"
            }
        case .ipv6:
            guard type == ICMPType.destinationUnreachableV6 else { return type == ICMPType.parameterProblemV6 ? "!P" : nil }
            switch code {
            case 0: return "!N"
            case 1: return "!X"
            case 3: return "!H"
            case 4: return nil
            default: return "!<\(code)>"
            }
        }
    }
}
