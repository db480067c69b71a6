import Foundation
import HummingbirdWebSocket
import Kernel

extension StreamGateway {
    /// Answers the client's frames until it closes: `subscribe` (with `bootstrap`),
    /// `unsubscribe` and `ping`. A frame that is not understood gets an `error` frame.
    func read(_ inbound: WebSocketInboundStream, _ session: StreamSession) async {
        do {
            for try await message in inbound.messages(maxSize: 64 * 1024) {
                guard case .text(let text) = message,
                      let request = try? JSONDecoder().decode(StreamRequest.self, from: Data(text.utf8)) else {
                    session.enqueue(Self.error("frames are JSON objects with a type: subscribe, unsubscribe or ping; topics: "
                                               + StreamTopic.allCases.map(\.rawValue).joined(separator: ", ")))
                    continue
                }
                switch request.type {
                case .subscribe: await subscribe(request, session)
                case .unsubscribe:
                    session.unfollow(Set(request.topics ?? []))
                    hub.refreshPumps()
                    session.enqueue(StreamFrame.text(Subscribed(topics: Self.sorted(session.topics))) ?? "{}")
                case .ping: session.enqueue(#"{"type":"pong"}"#)
                case .auth: session.enqueue(Self.error("authenticate with the upgrade's headers"))
                }
            }
        } catch {
            logger.debug("live-stream client ended", metadata: ["error": "\(error)"])
        }
    }

    /// Follows the topics; for each topic in `bootstrap`, its latest records (up to
    /// `connectionsBootstrapLimit`) go first, oldest first, and its live events after them.
    private func subscribe(_ request: StreamRequest, _ session: StreamSession) async {
        let topics = Set(request.topics ?? [])
        var counts: [StreamTopic: Int] = [:]
        for (name, count) in request.bootstrap ?? [:] {
            guard let topic = StreamTopic(rawValue: name), topic.bootstraps, topics.contains(topic) else {
                session.enqueue(Self.error("bootstrap.\(name): only connections and results have a bootstrap, and only in the subscription that asks for it"))
                return
            }
            guard count >= 0 else {
                session.enqueue(Self.error("bootstrap.\(name): must not be negative"))
                return
            }
            counts[topic] = min(count, settings.connectionsBootstrapLimit)
        }
        session.follow(topics, holding: Set(counts.keys))
        hub.refreshPumps()
        session.enqueue(StreamFrame.text(Subscribed(topics: Self.sorted(session.topics))) ?? "{}")
        for (topic, count) in counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            do {
                if let frame = try await bootstrap(topic, count: count, tenant: session.tenant) { session.enqueue(frame) }
            } catch {
                session.enqueue(Self.error("bootstrap.\(topic.rawValue): the store could not be read"))
            }
            session.release(topic)
        }
    }

    /// The latest `count` records of `topic`, oldest first.
    private func bootstrap(_ topic: StreamTopic, count: Int, tenant: TenantID) async throws -> String? {
        switch topic {
        case .connections:
            guard let ingest = (store as? any IngestStore)?.ingest, count > 0 else { return StreamFrame.bootstrap(topic, [ConnectionRecord]()) }
            var newest: [ConnectionRecord] = []
            var cursor: String?
            repeat {
                let page = try await ingest.connections(tenant: tenant, filter: ConnectionFilter(),
                                                        page: PageRequest(limit: min(count - newest.count, PageRequest.maximumLimit), cursor: cursor))
                newest += page.items
                cursor = page.nextCursor
            } while cursor != nil && newest.count < count
            return StreamFrame.bootstrap(topic, Array(newest.reversed()))
        case .results:
            let latest = try await store.results.latestOfEveryMonitor().filter { $0.tenantID == tenant }.sorted { $0.startedAt < $1.startedAt }.suffix(count)
            return StreamFrame.bootstrap(topic, Array(latest))
        default:
            return nil
        }
    }

    static func error(_ message: String) -> String { StreamFrame.text(ErrorFrame(message: message)) ?? "{}" }

    static func sorted(_ topics: Set<StreamTopic>) -> [StreamTopic] { topics.sorted { $0.rawValue < $1.rawValue } }
}

/// The topics followed after a subscribe or unsubscribe.
private struct Subscribed: Encodable {
    let type = "subscribed"
    let topics: [StreamTopic]
}

/// A frame the server could not act on.
private struct ErrorFrame: Encodable {
    let type = "error"
    let message: String
}
