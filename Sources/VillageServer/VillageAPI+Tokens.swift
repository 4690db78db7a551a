import Foundation
import Hummingbird
import VillageAccounts

/// Logins, logout, setup codes and who-am-I.
extension VillageAPI {
    struct TokenAnswer: Encodable {
        var token: String
        /// UTC, ISO 8601.
        var expiresAt: String

        static var schema: JSONSchema { .record(["token": .string(), "expiresAt": .string(format: "date-time")]) }
    }

    static let credentialsSchema = JSONSchema.record(["username": .string(), "password": .string()])

    func createToken(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let body = try await RequestInput.jsonObject(request, context: context, allowed: ["username", "password"])
        let username = try RequestInput.string(body, "username", maxLength: 64)
        let password = try RequestInput.string(body, "password", maxLength: 200)
        let account: Account
        do {
            account = try await accounts.authenticate(username: username, password: password, now: now())
        } catch {
            switch error.code {
            case .lockedOut:
                var answer = try APIError(.tooManyRequests, code: "locked", "too many failed logins; try again later")
                    .response(from: request, context: context)
                if let until = error.lockedUntil { answer.headers[.retryAfter] = String(max(1, until - now())) }
                return answer
            case .invalidCredentials:
                throw APIError(.unauthorized, code: "invalid-credentials", "unknown user name or wrong password")
            default:
                throw error
            }
        }
        let issued = try await accounts.issueToken(for: account, kind: .api, now: now())
        return try JSONResponse.make(
            TokenAnswer(token: issued.token, expiresAt: Self.timestamp(issued.expiresAt)), status: .created)
    }

    func deleteCurrentToken(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        if let token = BearerTokenAuthenticator.bearerToken(request) {
            try await accounts.revokeToken(String(token), now: now())
        }
        return Response(status: .noContent)
    }

    static let setupSchema = JSONSchema.record(["code": .string(), "password": .string()])

    func redeemSetupCode(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let body = try await RequestInput.jsonObject(request, context: context, allowed: ["code", "password"])
        let code = try RequestInput.string(body, "code", maxLength: 100)
        let password = try RequestInput.string(body, "password", maxLength: 200)
        let account: Account
        do {
            account = try await accounts.redeemSetupCode(code, password: password, now: now())
        } catch {
            switch error.code {
            case .invalidArgument: throw APIError.badRequest(field: error.field ?? "password", error.message)
            case .invalidSetupCode:
                throw APIError(.unauthorized, code: "invalid-setup-code", field: "code", error.message)
            default: throw error
            }
        }
        return try JSONResponse.make(AccountAnswer(account))
    }

    struct AccountAnswer: Encodable {
        var username: String
        var role: String
        var household: String?
        var rawExportAccess: Bool

        init(_ account: Account) {
            username = account.username
            role = account.role.rawValue
            household = account.household
            rawExportAccess = account.rawExportAccess
        }

        static var schema: JSONSchema {
            .record(
                [
                    "username": .string(), "role": .string(values: Role.allCases.map(\.rawValue)),
                    "household": .string(), "rawExportAccess": .boolean,
                ], optional: ["household"])
        }
    }

    func me(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        guard let account = context.account else { throw APIError.unauthorized() }
        return try JSONResponse.make(AccountAnswer(account))
    }

    static func timestamp(_ unixSeconds: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(unixSeconds)).formatted(.iso8601)
    }
}
