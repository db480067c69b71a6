import Foundation
import HTTPTypes
import Kernel

/// What an agent's upgrade request says about it: its id, what it presents (shared secret,
/// credential), and its name, version and plugins, each checked.
struct AgentHello: Sendable, Hashable {
    var id: AgentID
    var name: String
    var version: String
    var plugins: [String]
    /// The peer's address as the server saw it.
    var address: String
    var secret: String?
    var credential: String?

    /// The most probe kinds an agent may list.
    static let maxPlugins = 64

    /// Reads the headers; a refusal names the header that is wrong.
    static func parse(_ headers: HTTPFields, address: String) throws(AgentRefusal) -> AgentHello {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        guard let idText = header(AgentHeaders.id), let id = AgentID(idText) else {
            throw AgentRefusal(.badRequest, "\(AgentHeaders.id) must be the agent's UUID")
        }
        let name = (header(AgentHeaders.name) ?? "").trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.count), !name.contains(where: { $0.isNewline }) else {
            throw AgentRefusal(.badRequest, "\(AgentHeaders.name) must be 1 to 100 characters on one line")
        }
        let version = header(AgentHeaders.version) ?? ""
        guard (1...40).contains(version.count), version.allSatisfy({ $0.isLetter || $0.isNumber || ".-+_".contains($0) }) else {
            throw AgentRefusal(.badRequest, "\(AgentHeaders.version) must be 1 to 40 letters, digits, '.', '-', '+' or '_'")
        }
        let plugins = (header(AgentHeaders.plugins) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard plugins.count <= maxPlugins,
              plugins.allSatisfy({ (1...64).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } }) else {
            throw AgentRefusal(.badRequest, "\(AgentHeaders.plugins) must list at most \(maxPlugins) probe kinds, comma-separated")
        }
        var credential: String?
        if let authorization = headers[.authorization] {
            guard authorization.hasPrefix("Bearer ") else { throw AgentRefusal(.unauthorized, "Authorization must be 'Bearer <credential>'") }
            credential = String(authorization.dropFirst("Bearer ".count))
        }
        return AgentHello(id: id, name: name, version: version, plugins: plugins, address: address,
                          secret: header(AgentHeaders.secret), credential: credential)
    }
}

/// Why an agent's connection is refused: a close code and a reason for people.
struct AgentRefusal: Error, Sendable, Hashable {
    var code: AgentCloseCode
    var reason: String

    init(_ code: AgentCloseCode, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
