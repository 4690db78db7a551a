import Foundation
import TestKit
import Testing

/// The throwaway PostgreSQL server the backend tests run against: a real server of the system's
/// installation, reachable on its port, gone after `stop()`.
@Suite struct TemporaryPostgresTests {
    @Test func startsAnswersAndLeavesNothingBehind() throws {
        let server = try TemporaryPostgres()
        let version = try server.psql("SHOW server_version_num")
        #expect((Int(version) ?? 0) >= 150_000, "server_version_num \(version)")
        _ = try server.psql("CREATE TABLE probe (id bigint PRIMARY KEY); INSERT INTO probe VALUES (1), (2)")
        #expect(try server.psql("SELECT sum(id) FROM probe") == "3")
        let directory = server.directory
        let port = server.port
        server.stop()
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        #expect(!Loopback.waitUntilListening(port: port, attempts: 1))
    }

    @Test func twoServersRunSideBySide() throws {
        let first = try TemporaryPostgres()
        let second = try TemporaryPostgres()
        defer {
            first.stop()
            second.stop()
        }
        #expect(first.port != second.port)
        _ = try first.psql("CREATE TABLE only_here (id int)")
        #expect(try second.psql("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'") == "0")
    }
}
