import Foundation
import Glibc

/// A PostgreSQL server of the system's own installation (Debian's `postgresql-15`), made for one
/// test run: a new cluster in a temporary directory, listening on a free loopback port, stopped
/// and removed by ``stop()`` (or when the value goes). No shared server, no mock.
///
/// PostgreSQL refuses to run as root; when the tests run as root, the cluster belongs to the
/// `postgres` system user and its programs run through `runuser`.
public final class TemporaryPostgres: @unchecked Sendable {
    /// Why a server could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    /// The superuser, with trust authentication on loopback (a throwaway cluster).
    public let user = "village"
    public let database = "postgres"
    public let directory: URL
    private let dataDirectory: String
    private let controller: String
    private let runAs: String?

    /// `postgres://village@127.0.0.1:PORT/postgres`
    public var url: String { "postgres://\(user)@127.0.0.1:\(port)/\(database)" }

    public init() throws {
        let bin = try Self.binaries()
        runAs = getuid() == 0 ? "postgres" : nil
        // Under /tmp, not $TMPDIR: the server's Unix socket lives here, and its path must stay under
        // the 107 bytes a socket address holds.
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("village-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        if let runAs { _ = try Self.run("/usr/bin/chown", [runAs, directory.path]) }
        let data = directory.appendingPathComponent("data").path
        let initdb = try Self.run(
            bin + "/initdb",
            ["-D", data, "-U", user, "-A", "trust", "-E", "UTF8", "--no-sync", "--locale", "C"], as: runAs)
        guard initdb.status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw Failure(description: "initdb failed: \(initdb.output)")
        }
        port = Loopback.freePort()
        dataDirectory = data
        controller = bin + "/pg_ctl"
        let options = [
            "-p \(port)", "-k \(directory.path)", "-c listen_addresses=127.0.0.1",
            // A throwaway cluster: durability is not what these tests are about.
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
        ]
        // pg_ctl -w returns once the server accepts connections, or fails if it exits first. The
        // server it leaves running must not inherit this process's descriptors: Foundation sees a
        // child's end through one of them, and a pipe's reader waits for every writer. So its
        // output goes to a file, and every descriptor above stderr is closed before pg_ctl starts
        // (by bash: dash closes only single-digit ones).
        let start = try Self.run(
            controller,
            [
                "-D", data, "-l", directory.appendingPathComponent("server.log").path, "-o",
                options.joined(separator: " "), "-w", "-t", "600", "start",
            ], as: runAs, outputFile: directory.appendingPathComponent("pg_ctl.log"))
        guard start.status == 0 else {
            let log = (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            throw Failure(description: "postgres did not start: \(start.output)\n\(log)")
        }
    }

    deinit { stop() }

    /// Stops the server (fast shutdown: open sessions are ended) and removes the cluster.
    public func stop() {
        guard FileManager.default.fileExists(atPath: directory.path) else { return }
        _ = try? Self.run(controller, ["-D", dataDirectory, "-m", "fast", "-w", "stop"], as: runAs)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `psql` against the server and returns its output (tuples only, unaligned).
    public func psql(_ sql: String) throws -> String {
        let result = try Self.run(
            try Self.binaries() + "/psql",
            [
                "-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", database, "-X", "-A", "-t", "-v",
                "ON_ERROR_STOP=1",
                "-c", sql,
            ])
        guard result.status == 0 else { throw Failure(description: "psql failed: \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The directory of the server programs: `pg_config --bindir`, else Debian's layout.
    static func binaries() throws -> String {
        if let configured = try? run("/usr/bin/pg_config", ["--bindir"]), configured.status == 0 {
            let path = configured.output.trimmingCharacters(in: .whitespacesAndNewlines)
            if FileManager.default.isExecutableFile(atPath: path + "/initdb") { return path }
        }
        for version in ["15", "16", "17"] {
            let path = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: path + "/initdb") { return path }
        }
        throw Failure(description: "no PostgreSQL server found (scripts/bootstrap installs postgresql-15)")
    }

    /// Runs a program to its end; its output through a pipe, or through `outputFile` for a program
    /// that leaves a child running.
    private static func run(
        _ executable: String, _ arguments: [String], as user: String? = nil, outputFile: URL? = nil
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        var command = [executable] + arguments
        if outputFile != nil {
            let closeInherited =
                #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done; exec "$0" "$@""#
            command = ["/bin/bash", "-c", closeInherited] + command
        }
        process.executableURL = URL(fileURLWithPath: user == nil ? command[0] : "/usr/sbin/runuser")
        process.arguments = user.map { ["-u", $0, "--"] + command } ?? Array(command.dropFirst())
        if let outputFile {
            FileManager.default.createFile(atPath: outputFile.path, contents: nil)
            let handle = try FileHandle(forWritingTo: outputFile)
            defer { try? handle.close() }
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "")
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
