import Foundation
import Hummingbird

/// The OpenAPI 3.1 document of the API, generated from ``APIRoutes/all``.
package enum OpenAPIDocument {
    /// The document as JSON bytes (built once).
    package static let json: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Every value is built here from literals: encoding cannot fail.
        return (try? encoder.encode(document())) ?? Data("{}".utf8)
    }()

    static func response() throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    private static let errorSchema = JSONSchema.record([
        "error": .record(
            ["code": .string(), "field": .string(), "message": .string()], optional: ["field"])
    ])

    static func document() -> JSONValueBuilder {
        var paths: [String: JSONValueBuilder] = [:]
        for route in APIRoutes.all {
            var operation: [String: JSONValueBuilder] = [
                "summary": .string(route.summary),
                "operationId": .string(operationID(route)),
            ]
            if !route.parameters.isEmpty {
                operation["parameters"] = .array(
                    route.parameters.map { parameter in
                        var fields: [String: JSONValueBuilder] = [
                            "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                            "required": .bool(parameter.required), "description": .string(parameter.description),
                            "schema": .schema(parameter.schema),
                        ]
                        if let example = parameter.example { fields["example"] = .string(example) }
                        return .object(fields)
                    })
            }
            if let body = route.requestBody {
                operation["requestBody"] = .object([
                    "required": .bool(true),
                    "content": .object(["application/json": .object(["schema": .schema(body)])]),
                ])
            }
            var responses: [String: JSONValueBuilder] = [:]
            if route.successStatus == 204 {
                responses["204"] = .object(["description": .string("Done.")])
            } else {
                responses[String(route.successStatus)] = .object([
                    "description": .string("Success."),
                    "content": .object([route.responseType: .object(["schema": .schema(route.responseSchema)])]),
                ])
            }
            let errors: [(Int, String)] =
                [(400, "Bad input; `field` names the parameter or field."), (404, "No such resource.")]
                + (route.requestBody != nil
                    ? [(413, "Body over the size limit."), (422, "A field's value is not acceptable.")] : [])
                + (route.access == .anyone
                    ? [] : [(401, "No valid bearer token."), (403, "The account may not use this route or resource.")])
                + (route.path.hasSuffix("/setup") ? [(401, "Unknown, used or expired setup code.")] : [])
                + (route.path.hasSuffix("/tokens") ? [(401, "Wrong credentials."), (429, "Locked out.")] : [])
                + (route.path.hasSuffix("/exports") ? [(422, "The export cannot be made.")] : [])
            for (status, description) in errors {
                responses[String(status)] = .object([
                    "description": .string(description),
                    "content": .object(["application/json": .object(["schema": .schema(errorSchema)])]),
                ])
            }
            operation["responses"] = .object(responses)
            if route.access != .anyone { operation["security"] = .array([.object(["bearer": .array([])])]) }
            var item = paths[route.path]?.objectValue ?? [:]
            item[route.method.rawValue.lowercased()] = .object(operation)
            paths[route.path] = .object(item)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("Smart village API"), "version": .string("1"),
                "description": .string(
                    "Households, the facility manager, researchers and the operator each reach their own part of the "
                        + "village: log in with POST /api/v1/tokens, then send Authorization: Bearer TOKEN."),
            ]),
            "paths": .object(paths),
            "components": .object([
                "securitySchemes": .object([
                    "bearer": .object(["type": .string("http"), "scheme": .string("bearer")])
                ])
            ]),
        ])
    }

    private static func operationID(_ route: APIRoute) -> String {
        let words = route.path.split(separator: "/").filter { !$0.hasPrefix("{") && $0 != "api" && $0 != "v1" }
        return route.method.rawValue.lowercased()
            + words.map { word in
                word.split(separator: ".").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            }.joined()
    }
}

/// A JSON document under construction, with schemas embedded (the backend's document uses it too).
package indirect enum JSONValueBuilder: Encodable, Sendable {
    case string(String)
    case bool(Bool)
    case array([JSONValueBuilder])
    case object([String: JSONValueBuilder])
    case schema(JSONSchema)

    package var objectValue: [String: JSONValueBuilder]? {
        if case .object(let value) = self { return value }
        return nil
    }

    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .bool(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .array(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .object(let value):
            var c = encoder.singleValueContainer()
            try c.encode(value)
        case .schema(let schema):
            try schema.encode(to: encoder)
        }
    }
}
