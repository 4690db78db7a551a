import Foundation
import TestKit
import Testing
import VillageServer

/// The OpenAPI document is the API's contract: an independent validator accepts it, it lists every
/// route of the route table, and schemathesis, fuzzing every operation from it over HTTP, finds no
/// server error.
@Suite struct OpenAPIContractTests {
    @Test func theDocumentIsValidOpenAPI31AndListsEveryRoute() async throws {
        let server = try await ServerFixture.start()
        let answer = try await server.request("GET", "/api/v1/openapi.json")
        #expect(answer.status == 200)
        #expect(answer.object["openapi"] as? String == "3.1.0")
        let paths = try #require(answer.object["paths"] as? [String: [String: Any]])
        for route in APIRoutes.all {
            #expect(paths[route.path]?["\(route.method)".lowercased()] != nil, "\(route.method) \(route.path)")
        }
        let file = server.directory.appendingPathComponent("openapi.json")
        try answer.body.write(to: file)
        let validator = try PeerProcess.run("openapi-spec-validator", [file.path])
        #expect(validator.status == 0, "\(validator.output)")
        #expect(validator.output.contains("OK"), "\(validator.output)")

        // The validator is not a rubber stamp: a broken document is refused.
        var broken = answer.object
        broken["paths"] = ["/x": ["get": ["responses": "none"]]]
        let brokenFile = server.directory.appendingPathComponent("broken.json")
        try JSONSerialization.data(withJSONObject: broken).write(to: brokenFile)
        #expect(try PeerProcess.run("openapi-spec-validator", [brokenFile.path]).status != 0)
    }

    @Test func schemathesisFindsNoServerErrorAndNoContractViolation() async throws {
        let server = try await ServerFixture.start()
        let token = try await server.login("operator")
        let report = server.directory.appendingPathComponent("schemathesis.txt")
        // The document is fetched here and given as a file, and the tool's timeouts are generous: on
        // a loaded machine its own 10-second default would fail the run for slowness, not for a bug.
        let document = server.directory.appendingPathComponent("openapi.json")
        try await server.request("GET", "/api/v1/openapi.json").body.write(to: document)
        let run = try PeerProcess.run(
            "schemathesis",
            [
                "run", document.path, "--url", "http://127.0.0.1:\(server.port)", "--request-timeout", "600",
                "--header", "Authorization: Bearer \(token)",
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--exclude-path", "/api/v1/tokens/current",
                "--max-examples", "25", "--seed", "1",
            ])
        try run.output.write(to: report, atomically: true, encoding: .utf8)
        #expect(run.status == 0, "\(run.output.suffix(6000))")
        #expect(!run.output.contains(" 500 ") && !run.output.contains("Server error"), "\(run.output.suffix(3000))")
    }
}
