import Hummingbird
import VillageServer

/// An error answer with a `Retry-After` header: the seconds after which trying again can succeed.
struct RetryAfter: Error, HTTPResponseError {
    var error: APIError
    var seconds: Int64

    var status: HTTPResponse.Status { error.status }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try error.response(from: request, context: context)
        response.headers[.retryAfter] = String(seconds)
        return response
    }
}
