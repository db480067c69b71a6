import Foundation
import Hummingbird
import Kernel

/// Reads request bodies and query parameters with limits and field-naming errors.
struct RequestDecoding: Sendable {
    /// Largest accepted body.
    let maxBodyBytes: Int

    /// The body as a JSON value: 413 past the limit, 400 when it is not a JSON object.
    func json(_ request: Request) async throws -> JSONValue {
        try Self.object(from: try await body(request))
    }

    /// The body's bytes: 413 past the limit.
    func body(_ request: Request) async throws -> Data {
        var request = request
        do {
            return Data(buffer: try await request.collectBody(upTo: maxBodyBytes))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem(status: .contentTooLarge, detail: "the request body is larger than \(maxBodyBytes) bytes")
        }
    }

    /// `T` decoded straight from the bytes with Foundation's `JSONDecoder`, skipping the
    /// `JSONValue` tree; nil on any problem, for the strict path (`object`, then `decode`) to
    /// name. Only for types whose `init(from:)` calls `KnownKeys.check` on every object, so
    /// that this path refuses whatever the strict one refuses.
    static func fast<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        let decoder = JSONDecoder()
        decoder.userInfo[.rejectUnknownKeys] = true
        return try? decoder.decode(T.self, from: data)
    }

    /// A body's bytes as a JSON value: 400 when they are not a JSON object.
    static func object(from data: Data) throws -> JSONValue {
        guard let value = try? JSONValue.parse(data) else {
            throw Problem(status: .badRequest, detail: "the request body is not valid JSON")
        }
        guard case .object = value else {
            throw Problem(status: .badRequest, detail: "the request body must be a JSON object")
        }
        return value
    }

    /// The body decoded strictly into `T`: 422 naming the field on an unknown key or wrong type.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try Self.decode(T.self, from: try await json(request))
    }

    /// Decodes a JSON value strictly, mapping errors to 422 with the field named.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try StrictDecoder.decode(T.self, from: value)
        } catch let error as ConfigurationError {
            throw ValidationError(error)
        }
    }

    /// `?limit=&cursor=` as a page request: 422 when limit is not 1 to the maximum.
    static func page(_ request: Request) throws -> PageRequest {
        let query = request.uri.queryParameters
        var limit = PageRequest.defaultLimit
        if let text = query.get("limit") {
            guard let value = Int(text), (1...PageRequest.maximumLimit).contains(value) else {
                throw ValidationError(field: "limit", "must be an integer from 1 to \(PageRequest.maximumLimit)")
            }
            limit = value
        }
        return PageRequest(limit: limit, cursor: query.get("cursor"))
    }

    /// A date query parameter (ISO 8601 or Unix seconds), or nil when absent.
    /// The `location` query parameter: `server` or an agent's id; nil when absent (every location).
    static func location(_ request: Request) throws -> ResultLocation? {
        guard let text = request.uri.queryParameters.get("location") else { return nil }
        guard let location = ResultLocation(text) else {
            throw ValidationError(field: "location", "must be 'server' or an agent's id (a UUID)")
        }
        return location
    }

    static func date(_ request: Request, _ name: String) throws -> Date? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let date = APIEncoding.parseDate(text) else {
            throw ValidationError(field: name, "expected an ISO 8601 date or Unix seconds")
        }
        return date
    }
}
