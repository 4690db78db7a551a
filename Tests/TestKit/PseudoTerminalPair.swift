import Foundation

/// Two linked pseudo-terminals made by socat: what one writes the other reads, like a serial line.
public final class PseudoTerminalPair: @unchecked Sendable {
    public let first: String
    public let second: String
    private let socat: PeerProcess

    public init() throws {
        let directory = try TestFiles.temporaryDirectory()
        first = directory.appendingPathComponent("ttyA").path
        second = directory.appendingPathComponent("ttyB").path
        socat = try PeerProcess("socat", ["pty,raw,echo=0,link=\(first)", "pty,raw,echo=0,link=\(second)"])
        for _ in 0..<100
        where !(FileManager.default.fileExists(atPath: first) && FileManager.default.fileExists(atPath: second)) {
            usleep(20_000)
        }
    }

    deinit { socat.terminate() }
}
