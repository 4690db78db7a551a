import ConfigFiles
import Foundation
import Hummingbird
import Logging
import Site
import VillageAccounts
import VillageStore

/// `GET/PUT /dispatch/settings`: the site file's `dispatch:` section, overridden by a manager.
///
/// The settings travel as the JSON form of the site file's section, decoded by the same
/// `DispatchSettings` decoder (unknown keys and out-of-range values refused, naming the field) and
/// checked against the plant as the site file is. The store keeps them as JSON and the dispatch
/// controller reads them before every plan, so this module needs to know none of their fields.
extension VillageAPI {
    /// The settings in force: the override if a manager set one, else the site file's.
    func effectiveDispatchSettings() async throws -> (settings: DispatchSettings, overridden: Bool) {
        guard let json = try await store.dispatchSettingsOverrideJSON() else { return (site.dispatch, false) }
        return (try JSONDecoder().decode(DispatchSettings.self, from: Data(json.utf8)), true)
    }

    func getDispatchSettings(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let (settings, overridden) = try await effectiveDispatchSettings()
        let changedAt = overridden ? try await accounts.dispatchSettingsChanges(limit: 1).first?.at : nil
        return try JSONResponse.make(
            DispatchSettingsReport(
                source: overridden ? "override" : "site-file", changedAt: changedAt, settings: settings))
    }

    func putDispatchSettings(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        guard let account = context.account else { throw APIError.unauthorized() }
        let data = try await RequestInput.body(request, context: context)
        let settings = try Self.decodeDispatchSettings(data)
        var checked = site
        checked.dispatch = settings
        do {
            try checked.validate(file: "request body")
        } catch {
            throw APIError(
                .unprocessableContent, code: "invalid", field: Self.bodyField(error.field), error.message)
        }
        let previous = try await effectiveDispatchSettings().settings
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let newJSON = String(decoding: try encoder.encode(settings), as: UTF8.self)
        let oldJSON = String(decoding: try encoder.encode(previous), as: UTF8.self)
        let at = now()
        try await store.replaceDispatchSettingsOverride(
            json: newJSON, previousJSON: oldJSON, accountID: account.id, at: at)
        logger.notice(
            "dispatch settings changed",
            metadata: ["account.username": "\(account.username)", "settings": "\(newJSON)"])
        return try JSONResponse.make(DispatchSettingsReport(source: "override", changedAt: at, settings: settings))
    }

    /// A site-file field (`dispatch.socReserve.socPct`) as the body's field (`socReserve.socPct`).
    static func bodyField(_ siteField: String) -> String {
        siteField.hasPrefix("dispatch.") ? String(siteField.dropFirst("dispatch.".count)) : siteField
    }

    /// The body as `DispatchSettings`, every refusal naming the field.
    static func decodeDispatchSettings(_ data: Data) throws(APIError) -> DispatchSettings {
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw .badRequest(field: "body", "expected a JSON object of dispatch settings")
        }
        do {
            return try JSONDecoder().decode(DispatchSettings.self, from: data)
        } catch let error as ConfigFieldError {
            throw APIError(.unprocessableContent, code: "invalid", field: error.path.keyPath, error.message)
        } catch let error as DecodingError {
            let (path, message): ([any CodingKey], String) =
                switch error {
                case .typeMismatch(let type, let context): (context.codingPath, "expected \(Self.jsonType(type))")
                case .valueNotFound(let type, let context): (context.codingPath, "expected \(Self.jsonType(type))")
                case .keyNotFound(let key, let context): (context.codingPath + [key], "missing")
                case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
                @unknown default: ([], "not valid dispatch settings")
                }
            throw APIError(.unprocessableContent, code: "invalid", field: path.isEmpty ? "body" : path.keyPath, message)
        } catch {
            throw .badRequest(field: "body", "not valid dispatch settings")
        }
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type: "an array of strings"
        default: "a value of type \(type)"
        }
    }

    struct AuditEntry: Encodable {
        var id: Int64
        var username: String
        var at: Int64
        var old: RawJSON
        var new: RawJSON

        static var schema: JSONSchema {
            .record([
                "id": .integer, "username": .string(), "at": .integer, "old": .openObject, "new": .openObject,
            ])
        }
    }

    func dispatchSettingsAudit(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let changes = try await accounts.dispatchSettingsChanges(limit: 100)
        return try JSONResponse.make(
            changes.map {
                AuditEntry(
                    id: $0.id, username: $0.username, at: $0.at, old: RawJSON($0.oldSettingsJSON),
                    new: RawJSON($0.newSettingsJSON))
            })
    }
}

/// A JSON text stored by the server, embedded as a value rather than as a string.
struct RawJSON: Encodable {
    let value: JSONValue

    init(_ text: String) {
        value = (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }

    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// Any JSON value, decoded and re-encoded as is.
indirect enum JSONValue: Codable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? c.decode(Double.self) {
            self = .number(value)
        } else if let value = try? c.decode(String.self) {
            self = .string(value)
        } else if let value = try? c.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let value): try c.encode(value)
        case .number(let value): try c.encode(value)
        case .string(let value): try c.encode(value)
        case .array(let value): try c.encode(value)
        case .object(let value): try c.encode(value)
        }
    }
}
