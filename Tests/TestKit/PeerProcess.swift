import Foundation
import Glibc

/// A helper program (a Python Modbus peer, mbpoll, socat) run by a test, killed when the test ends.
public final class PeerProcess: @unchecked Sendable {
    public let process = Process()
    private let output = Pipe()

    /// Starts `executable` (from the project's Python venv if it has it, else looked up on PATH) with
    /// `arguments`. Long-running programs that print a lot write to `log` instead of the pipe, which
    /// would fill and stall them.
    public init(_ executable: String, _ arguments: [String], log: URL? = nil) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestFiles.venvExecutable(executable) ?? executable] + arguments
        if let log {
            if !FileManager.default.fileExists(atPath: log.path) {
                FileManager.default.createFile(atPath: log.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: log)
            handle.seekToEndOfFile()
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = output
            process.standardError = output
        }
        try process.run()
    }

    deinit { terminate() }

    /// Kills the process (SIGKILL: Python servers may ignore SIGTERM) and waits for it.
    public func terminate() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Everything the process printed, once it has ended.
    public func waitForOutput() -> String {
        process.waitUntilExit()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs a command to completion and returns its exit status and output.
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let peer = try PeerProcess(executable, arguments)
        let text = peer.waitForOutput()
        return (peer.process.terminationStatus, text)
    }
}

/// Files of the test suite, located from this source file so tests run from any directory.
public enum TestFiles {
    /// The repository's top folder.
    public static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A script in `Tests/Peers`.
    public static func peer(_ name: String) -> String {
        repository.appendingPathComponent("Tests/Peers/\(name)").path
    }

    /// `name` in the Python venv that `scripts/bootstrap` creates (`.venv/bin`), where the pinned
    /// Python peers are installed, when it is there; nil otherwise.
    public static func venvExecutable(_ name: String) -> String? {
        guard !name.contains("/") else { return nil }
        let candidate = repository.appendingPathComponent(".venv/bin/\(name)").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// A new empty temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("village-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Ports and readiness on loopback.
public enum Loopback {
    /// A port that was free a moment ago (the kernel picks it).
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(fd, $0, length)
                _ = getsockname(fd, $0, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until something accepts connections on `port`, up to `attempts` × 50 ms.
    @discardableResult
    public static func waitUntilListening(port: Int, attempts: Int = 200) -> Bool {
        for _ in 0..<attempts {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(fd)
            if connected == 0 { return true }
            usleep(50_000)
        }
        return false
    }
}

/// Executables of this package that tests run as child processes.
public enum BuiltExecutable {
    /// Why an executable could not be found.
    public struct Missing: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "\(name) is not built next to the tests: add it to the test target's dependencies"
        }
    }

    /// The path of executable `name`, built in the same build folder as the test bundle (so it is the
    /// debug or release build that matches the tests, wherever the build folder is).
    public static func path(_ name: String) throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if let bundle = Bundle.main.executableURL { directory = bundle.deletingLastPathComponent() }
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            directory = directory.deletingLastPathComponent()
        }
        throw Missing(name: name)
    }
}
