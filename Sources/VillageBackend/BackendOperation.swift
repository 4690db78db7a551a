import Hummingbird
import VillageAccounts
import VillageServer

/// One operation of the backend's HTTP API as its OpenAPI document describes it: who may call it,
/// what it reads and every answer it gives.
struct BackendOperation: Sendable {
    /// Who may call it.
    enum Access: Sendable {
        /// No token needed.
        case anyone
        /// A village's upload token.
        case uploadToken
        /// An API token of an account with one of these roles.
        case roles([Role])
    }

    /// A path or query parameter.
    struct Parameter: Sendable {
        enum Location: String, Sendable { case path, query }
        var name: String
        var location: Location
        var required: Bool
        var schema: JSONSchema
        var description: String
        /// A value the document shows, and the test calls the operation with.
        var example: String
    }

    /// One answer: its description, body schema per media type, and headers.
    struct Answer: Sendable {
        var description: String
        var content: [String: JSONSchema]
        var headers: [String: String] = [:]
    }

    var method: HTTPRequest.Method
    /// The path with `{name}` captures, as OpenAPI and Hummingbird's router write it.
    var path: String
    var summary: String
    var access: Access
    var parameters: [Parameter] = []
    var requestBody: (type: String, schema: JSONSchema)? = nil
    var answers: [Int: Answer]

    /// An error answer: `{"error": {"code", "field", "message"}}`.
    static func error(_ description: String, headers: [String: String] = [:]) -> Answer {
        Answer(description: description, content: ["application/json": BackendSchemas.error], headers: headers)
    }

    /// A JSON answer.
    static func json(_ description: String, _ schema: JSONSchema) -> Answer {
        Answer(description: description, content: ["application/json": schema])
    }

    /// The answers of any route that needs a token.
    static let tokenAnswers: [Int: Answer] = [
        401: error("No valid bearer token."), 403: error("The token may not use this route or resource."),
    ]
}
