/// A `RemoteHost` as the JSON document stores keep (its credentials already sealed).
public enum RemoteHostDocument {
    /// The record as JSON text.
    public static func encode(_ host: RemoteHost) throws -> String { try JSONDocument.encode(host) }

    /// The record from JSON text, or nil when it is not one.
    public static func decode(_ text: String?) -> RemoteHost? { JSONDocument.decode(RemoteHost.self, from: text) }
}
