import Hummingbird
import VillageAccounts

/// One route of the JSON API: everything the router, the authorisation, the OpenAPI document and
/// the role × route test need to know about it, in one value.
package struct APIRoute: Sendable {
    /// Who may call it.
    package enum Access: Sendable, Hashable {
        /// No token needed.
        case anyone
        /// A valid token of an account with one of these roles.
        case roles(Set<Role>)
    }

    /// A path or query parameter.
    package struct Parameter: Sendable {
        package enum Location: String, Sendable { case path, query }
        package var name: String
        package var location: Location
        package var required: Bool
        package var schema: JSONSchema
        package var description: String
        /// A value that the document shows (and clients such as schemathesis try first).
        package var example: String? = nil
    }

    package typealias Handler = @Sendable (Request, VillageRequestContext, VillageAPI) async throws -> Response

    package var method: HTTPRequest.Method
    /// The path with `{name}` captures, as in OpenAPI (and as Hummingbird's router reads it).
    package var path: String
    package var access: Access
    /// True when the `{id}` path parameter is a household: a household account may only name its own.
    package var householdScoped: Bool
    package var summary: String
    package var parameters: [Parameter]
    package var requestBody: JSONSchema?
    /// The media type and schema of the 200 answer.
    package var responseType: String
    package var responseSchema: JSONSchema
    /// The status of a successful answer.
    package var successStatus = 200
    package var handler: Handler

    /// Roles admitted; every role for `anyone`.
    package var allowedRoles: Set<Role> {
        switch access {
        case .anyone: Set(Role.allCases)
        case .roles(let roles): roles
        }
    }

    /// Names of the query parameters it reads; any other is refused.
    package var queryNames: Set<String> { Set(parameters.filter { $0.location == .query }.map(\.name)) }

    /// Refuses the request unless the context's account may call this route: 401 without an
    /// account, 403 for a role not admitted or another household's id.
    package func authorise(_ context: VillageRequestContext) throws(APIError) {
        guard case .roles(let roles) = access else { return }
        guard let account = context.account else { throw .unauthorized() }
        guard roles.contains(account.role) else {
            throw .forbidden("the \(account.role) role may not use \(method) \(path)")
        }
        if householdScoped, account.role == .household {
            guard let id = context.parameters.get("id"), id == account.household else {
                throw .forbidden("a household account may only read its own unit")
            }
        }
    }
}
