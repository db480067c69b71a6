import Foundation
import Hummingbird
import Kernel

/// An RFC 9457 problem: the body of every error response, as `application/problem+json`.
public struct Problem: Error, Sendable, Codable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// A short summary of the problem type.
    public var title: String
    /// What went wrong in this request.
    public var detail: String
    /// The fields at fault, for validation problems.
    public var errors: [FieldIssue]?

    /// Creates a problem.
    public init(status: HTTPResponse.Status, detail: String, errors: [FieldIssue]? = nil) {
        self.status = status.code
        self.title = status.reasonPhrase
        self.detail = detail
        self.errors = errors
    }

    /// 422 naming the fields of a validation error.
    public static func validation(_ error: ValidationError) -> Problem {
        Problem(status: .unprocessableContent, detail: error.description, errors: error.issues)
    }

    /// 404 for an id the caller's tenant does not have.
    public static func notFound(_ what: String) -> Problem {
        Problem(status: .notFound, detail: "\(what) not found")
    }

    /// The problem as a response.
    public func response() -> Response {
        let body = (try? APIEncoding.encoder.encode(self)) ?? Data("{}".utf8)
        return Response(status: .init(code: status),
                        headers: [.contentType: "application/problem+json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every error a route throws into a problem response: validation errors into 422,
/// unknown records into 404, conflicts (a name taken) into 409, framework errors into their status, anything else into a
/// logged 500 that reveals nothing.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response()
        } catch let error as ValidationError {
            return Problem.validation(error).response()
        } catch is AuthenticationFailure {
            return AuthMiddleware.unauthorized("the login or password is not valid")
        } catch let error as TooManyAttempts {
            var response = Problem(status: .tooManyRequests, detail: "too many attempts; retry in \(error.retryAfter) s").response()
            response.headers[.retryAfter] = String(error.retryAfter)
            return response
        } catch StoreError.notFound(let entity, _) {
            return Problem.notFound(entity).response()
        } catch StoreError.conflict(let entity, let detail) {
            return Problem(status: .conflict, detail: "\(entity): \(detail)").response()
        } catch let error as StoreError {
            return Problem(status: .serviceUnavailable, detail: "the store is unavailable").response().logging(error, context)
        } catch let error as HTTPError {
            let detail = error.body ?? Self.detail(for: error.status)
            return Problem(status: error.status, detail: detail).response()
        } catch let error as any HTTPResponseError {
            return Problem(status: error.status, detail: Self.detail(for: error.status)).response()
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return Problem(status: .internalServerError, detail: "internal error").response()
        }
    }

    private static func detail(for status: HTTPResponse.Status) -> String {
        switch status {
        case .contentTooLarge: "the request body is larger than the server accepts"
        case .notFound: "no such route"
        case .methodNotAllowed: "method not allowed on this route"
        default: status.reasonPhrase
        }
    }
}

extension Response {
    fileprivate func logging(_ error: any Error, _ context: some RequestContext) -> Response {
        context.logger.error("store error", metadata: ["error": "\(error)"])
        return self
    }
}
