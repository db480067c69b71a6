import Foundation
import Kernel

extension TestHost {
    /// How a request authenticates.
    public enum Auth: Sendable {
        /// The administrator registered at start.
        case admin
        /// No credentials.
        case none
        /// A bearer token.
        case token(String)
        /// An API key.
        case apiKey(String)
    }

    /// A response: its status, headers (names lower-cased) and body, with JSON lookups.
    public struct Reply: Sendable {
        /// The status code.
        public var status: Int
        /// The headers by lower-cased name.
        public var headers: [String: String]
        /// The body as text.
        public var body: String

        /// Creates a reply.
        public init(status: Int, headers: [String: String], body: String) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// The body as JSON, or nil.
        public var json: JSONValue? { try? JSONValue.parse(Data(body.utf8)) }

        /// The member at a dotted path (`errors.0.field`).
        public func value(_ path: String) -> JSONValue? {
            var current = json
            for part in path.split(separator: ".") {
                if let index = Int(part), case .array(let elements)? = current {
                    current = elements.indices.contains(index) ? elements[index] : nil
                } else {
                    current = current?.objectValue?[String(part)]
                }
            }
            return current
        }

        /// The string at a dotted path, or nil.
        public func string(_ path: String) -> String? {
            if case .string(let text)? = value(path) { return text }
            return nil
        }
    }
}
