import Foundation
import Hummingbird

/// An error answer of the API: a status and `{"error": {"code", "field", "message"}}`, where
/// `field` names the parameter or body field at fault. Never carries a secret.
package struct APIError: Error, HTTPResponseError, Sendable {
    package var status: HTTPResponse.Status
    package var code: String
    package var field: String?
    package var message: String

    package init(_ status: HTTPResponse.Status, code: String, field: String? = nil, _ message: String) {
        self.status = status
        self.code = code
        self.field = field
        self.message = message
    }

    package static func unauthorized() -> APIError {
        APIError(.unauthorized, code: "unauthorized", "a valid bearer token is required (POST /api/v1/tokens)")
    }

    package static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: "forbidden", message)
    }

    package static func badRequest(field: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid", field: field, message)
    }

    package static func notFound(field: String? = nil, _ message: String) -> APIError {
        APIError(.notFound, code: "not-found", field: field, message)
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var field: String?
            var message: String
        }
        var error: Detail
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(Body(error: .init(code: code, field: field, message: message)))
        response.status = status
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"village\"" }
        return response
    }
}
