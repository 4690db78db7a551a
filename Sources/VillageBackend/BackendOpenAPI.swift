import Foundation
import Hummingbird
import VillageAccounts
import VillageServer

/// The OpenAPI 3.1 document of the backend, generated from ``BackendOperations/all``.
package enum BackendOpenAPI {
    package static let path = "/api/v1/openapi.json"

    /// The document as JSON bytes (built once).
    package static let json: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Every value is built here from literals: encoding cannot fail.
        return (try? encoder.encode(document())) ?? Data("{}".utf8)
    }()

    static func response() -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    static func document() -> JSONValueBuilder {
        var paths: [String: JSONValueBuilder] = [:]
        for operation in BackendOperations.all {
            var item = paths[operation.path]?.objectValue ?? [:]
            item[operation.method.rawValue.lowercased()] = self.operation(operation)
            paths[operation.path] = .object(item)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("Smart village city backend"), "version": .string("1"),
                "description": .string(
                    "Many villages' uplinks into one PostgreSQL database, and city-wide reads. Villages post batches "
                        + "with their upload token; accounts log in with POST /api/v1/tokens (or use the token "
                        + "`village backend accounts add` wrote) and send Authorization: Bearer TOKEN."),
            ]),
            "paths": .object(paths),
            "components": .object([
                "securitySchemes": .object([
                    "apiToken": .object([
                        "type": .string("http"), "scheme": .string("bearer"),
                        "description": .string("An account's API token."),
                    ]),
                    "uploadToken": .object([
                        "type": .string("http"), "scheme": .string("bearer"),
                        "description": .string("A village's upload token (`village backend villages add`)."),
                    ]),
                ])
            ]),
        ])
    }

    static func operation(_ operation: BackendOperation) -> JSONValueBuilder {
        var fields: [String: JSONValueBuilder] = [
            "summary": .string(operation.summary),
            "operationId": .string(operationID(operation)),
        ]
        switch operation.access {
        case .anyone: break
        case .uploadToken: fields["security"] = .array([.object(["uploadToken": .array([])])])
        case .roles(let roles):
            fields["security"] = .array([.object(["apiToken": .array([])])])
            fields["description"] = .string("Roles: " + roles.map(\.rawValue).joined(separator: ", ") + ".")
        }
        if !operation.parameters.isEmpty {
            fields["parameters"] = .array(
                operation.parameters.map { parameter in
                    let item: [String: JSONValueBuilder] = [
                        "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                        "required": .bool(parameter.required), "description": .string(parameter.description),
                        "schema": .schema(parameter.schema), "example": .string(parameter.example),
                    ]
                    return .object(item)
                })
        }
        if let body = operation.requestBody {
            fields["requestBody"] = .object([
                "required": .bool(true), "content": .object([body.type: .object(["schema": .schema(body.schema)])]),
            ])
        }
        var responses: [String: JSONValueBuilder] = [:]
        for (status, answer) in operation.answers {
            var item: [String: JSONValueBuilder] = [
                "description": .string(answer.description),
                "content": .object(answer.content.mapValues { .object(["schema": .schema($0)]) }),
            ]
            if !answer.headers.isEmpty {
                item["headers"] = .object(
                    answer.headers.mapValues { .object(["description": .string($0), "schema": .schema(.string())]) })
            }
            responses[String(status)] = .object(item)
        }
        fields["responses"] = .object(responses)
        return .object(fields)
    }

    /// `getVillagesBalances` for `GET /api/v1/villages/{village}/balances`: method and path words.
    static func operationID(_ operation: BackendOperation) -> String {
        let words = operation.path.split(separator: "/").filter { !$0.hasPrefix("{") && $0 != "api" && $0 != "v1" }
        return operation.method.rawValue.lowercased()
            + words.map { word in
                word.split(whereSeparator: { $0 == "." || $0 == "-" }).map {
                    $0.prefix(1).uppercased() + $0.dropFirst()
                }
                .joined()
            }.joined()
    }
}
