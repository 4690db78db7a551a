import Foundation
import Hummingbird
import MarketStore
import Site
import Tariffs

/// Reading and checking what a client sent: query parameters, path ids and JSON bodies. Every
/// refusal is a 4xx ``APIError`` naming the parameter or field.
enum RequestInput {
    /// Refuses query parameters the route does not declare (a typo would otherwise be ignored).
    static func checkQuery(_ request: Request, allowed: Set<String>) throws(APIError) {
        for (name, _) in request.uri.queryParameters where !allowed.contains(String(name)) {
            throw .badRequest(field: String(name), "unknown query parameter")
        }
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// A household id from the path: a unit number of letters, digits, `-` or `_`, known to the site.
    static func household(_ context: VillageRequestContext, api: VillageAPI) throws(APIError) -> String {
        guard let id = context.parameters.get("id") else { throw .badRequest(field: "id", "missing household id") }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard (1...32).contains(id.count), id.allSatisfy(allowed.contains) else {
            throw .badRequest(field: "id", "a household id is a unit number such as 101")
        }
        guard api.site.households.contains(where: { $0.unit == id }) else {
            throw .notFound(field: "id", "no household \(id) in this village")
        }
        return id
    }

    /// An optional `YYYY-MM` month.
    static func month(_ request: Request, _ name: String = "month") throws(APIError) -> LocalMonth? {
        guard let text = query(request, name) else { return nil }
        guard let month = LocalMonth(iso: text), month.description == text else {
            throw .badRequest(field: name, "expected a month as YYYY-MM, e.g. 2026-07")
        }
        return month
    }

    /// An optional `YYYY-MM-DD` local date.
    static func date(_ request: Request, _ name: String) throws(APIError) -> LocalDate? {
        guard let text = query(request, name) else { return nil }
        guard text.count == 10, let date = LocalDate(iso: text) else {
            throw .badRequest(field: name, "expected a date as YYYY-MM-DD (site local time)")
        }
        return date
    }

    /// A JSON object body whose keys are all in `allowed`: malformed JSON, a non-object, an unknown
    /// key or a body over the size limit are refused, naming the field.
    static func jsonObject(
        _ request: Request, context: VillageRequestContext, allowed: Set<String>
    ) async throws(APIError) -> [String: Any] {
        let data = try await body(request, context: context)
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw .badRequest(field: "body", "not valid JSON")
        }
        guard let object = value as? [String: Any] else {
            throw .badRequest(field: "body", "expected a JSON object")
        }
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw .badRequest(field: key, "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        return object
    }

    /// A required string field of a JSON object.
    static func string(_ object: [String: Any], _ name: String, maxLength: Int = 200) throws(APIError) -> String {
        guard let raw = object[name] else { throw .badRequest(field: name, "missing") }
        guard let text = raw as? String else { throw .badRequest(field: name, "expected a string") }
        guard text.count <= maxLength else { throw .badRequest(field: name, "longer than \(maxLength) characters") }
        return text
    }

    /// The whole body, at most ``VillageRequestContext/maximumBodyBytes``.
    static func body(_ request: Request, context: VillageRequestContext) async throws(APIError) -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            return Data(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(
                .contentTooLarge, code: "too-large", field: "body",
                "larger than \(VillageRequestContext.maximumBodyBytes) bytes")
        } catch {
            throw .badRequest(field: "body", "could not be read")
        }
    }
}
