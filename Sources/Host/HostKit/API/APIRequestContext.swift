import Hummingbird
import Kernel
import NIOCore

/// The request context of the API: Hummingbird's core context plus the client's address
/// (rate limits key on it; authentication will add the principal here).
public struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected client's address.
    public let remoteAddress: SocketAddress?
    /// Who is calling, once an authenticator recognised them.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, or `unknown`.
    public var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
