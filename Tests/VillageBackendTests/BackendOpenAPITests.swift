import Foundation
import Hummingbird
import Logging
import Market
import PostgresNIO
import TestKit
import Testing
import VillageBackend

/// The backend's OpenAPI document: an independent validator accepts it, it documents exactly the
/// routes the router serves, and every answer the backend gives to each documented operation,
/// for every kind of caller, is one the document lists.
@Suite struct BackendOpenAPITests {
    @Test func theDocumentIsValidAndMatchesTheRouteTable() async throws {
        let alpha = SampleVillage(name: "alpha")
        try await BackendFixture.run(villages: [("alpha", alpha.key.publicKey)]) { backend in
            let answer = try await backend.request("GET", "/api/v1/openapi.json")
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.object["openapi"] as? String == "3.1.0")
            let paths = try #require(answer.object["paths"] as? [String: [String: [String: Any]]])
            var documented: Set<String> = []
            for (path, item) in paths {
                for method in item.keys { documented.insert("\(method.uppercased()) \(path)") }
            }

            // The router's own table, from a backend built the way the server builds it.
            let client = PostgresClient(
                configuration: try PostgresAddress(parsing: backend.postgres.url).configuration,
                backgroundLogger: Logger(label: "unused"))
            let api = BackendAPI(database: BackendDatabase(client: client, logger: Logger(label: "unused")))
            let routed = Set(api.router().routes.map { "\($0.method) \($0.path)" })
            #expect(routed.count >= 9)
            #expect(
                documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed))")
            #expect(
                routed.subtracting(documented).isEmpty, "routed but not documented: \(routed.subtracting(documented))")

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("backend-openapi-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: file) }
            try answer.body.write(to: file)
            let validator = try PeerProcess.run("openapi-spec-validator", [file.path])
            #expect(validator.status == 0, "\(validator.output)")
            #expect(validator.output.contains("OK"), "\(validator.output)")
            // The validator is not a rubber stamp: a broken document is refused.
            var broken = answer.object
            broken["paths"] = ["/x": ["get": ["responses": "none"]]]
            try JSONSerialization.data(withJSONObject: broken).write(to: file)
            #expect(try PeerProcess.run("openapi-spec-validator", [file.path]).status != 0)

            // Every documented operation, called by nobody, by every account and by a village,
            // answers only with a status it documents.
            var callers: [(String, String?)] = [("nobody", nil), ("village alpha", try backend.token("alpha"))]
            for (username, _, village, _) in BackendFixture.accounts where village != "beta" {
                callers.append((username, try backend.token(username)))
            }
            for (path, item) in paths {
                for (method, operation) in item {
                    let statuses = Set(((operation["responses"] as? [String: Any]) ?? [:]).keys.compactMap { Int($0) })
                    var concrete = path
                    for parameter in (operation["parameters"] as? [[String: Any]]) ?? [] {
                        guard parameter["in"] as? String == "path", let name = parameter["name"] as? String,
                            let example = parameter["example"] as? String
                        else { continue }
                        concrete = concrete.replacingOccurrences(of: "{\(name)}", with: example)
                    }
                    #expect(!concrete.contains("{"), "\(path) has a path parameter without an example")
                    for (caller, token) in callers {
                        let answer = try await backend.request(
                            method.uppercased(), concrete, token: token,
                            body: method == "post" ? Data("{}".utf8) : nil,
                            headers: method == "post" ? ["Content-Type": "application/json"] : [:])
                        #expect(
                            statuses.contains(answer.status),
                            "\(method.uppercased()) \(concrete) as \(caller): \(answer.status) is not documented")
                    }
                }
            }
        }
    }
}
