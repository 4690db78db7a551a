import Foundation
import Site
import TestKit
import Testing

/// The web app in a real browser: `village demo` makes a village database, `village accounts add`
/// its accounts, `village serve` serves it on loopback, and Debian's headless chromium, driven by
/// selenium from `Tests/Peers/web_browser.py`, logs in as a household, the manager and a
/// researcher. Screenshots stay in `.build/web-screenshots/` (git-ignored) as test artifacts.
@Suite(.serialized) struct BrowserTests {
    /// Runs `village` to the end with its output in a file (a demo report can be larger than a pipe).
    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let log = directory.appendingPathComponent("output-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: log) }
        let peer = try PeerProcess(try BuiltExecutable.path("village"), arguments, log: log)
        peer.process.waitUntilExit()
        return (peer.process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }

    /// Where screenshots are kept after the test: the build folder, which git ignores.
    static let screenshots = TestFiles.repository.appendingPathComponent(".build/web-screenshots")

    @Test func householdManagerAndResearcherUseTheirPagesInABrowser() async throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let repository = TestFiles.repository
        let site = repository.appendingPathComponent("Firmware-Sim/sites/default.yaml").path
        let meters = repository.appendingPathComponent("Meters").path
        let tariffs = repository.appendingPathComponent("Tariffs").path
        let database = directory.appendingPathComponent("village.sqlite").path
        let common = ["--site", site, "--meters", meters, "--tariffs-dir", tariffs]

        let demo = try Self.run(["demo", "--hours", "2", "--db", database, "--json"] + common, in: directory)
        try #require(demo.status == 0, "\(demo.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(demo.output.utf8)) as? [String: Any])
        let start = try #require(report["start"] as? Int)

        // Accounts, passwords from files as an operator would give them.
        var accounts: [String: [String]] = [:]
        for (key, role, household, username) in [
            ("household", "household", "101", "u101"), ("other", "household", "102", "u102"),
            ("manager", "manager", nil, "manager1"), ("researcher", "researcher", nil, "researcher1"),
        ] {
            let password = "pw-\(username)-\(UUID().uuidString.prefix(8))"
            let file = directory.appendingPathComponent("\(username).password")
            try password.write(to: file, atomically: true, encoding: .utf8)
            let added = try Self.run(
                [
                    "accounts", "add", "--db", database, "--role", role, "--username", username, "--password-file",
                    file.path,
                ]
                    + (household.map { ["--household", $0] } ?? []), in: directory)
            try #require(added.status == 0, "\(added.output)")
            accounts[key] = [username, password]
        }
        let accountsFile = directory.appendingPathComponent("accounts.json")
        try JSONSerialization.data(withJSONObject: accounts).write(to: accountsFile)

        // What the command line prints for household 101, to compare with what the browser shows.
        let balance = try Self.run(["balance", "--db", database, "--household", "101", "--json"], in: directory)
        try #require(balance.status == 0, "\(balance.output)")
        let balanceJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(balance.output.utf8)) as? [String: Any])
        let month = try #require((balanceJSON["months"] as? [[String: Any]])?.last?["month"] as? String)
        let balanceText = try Self.run(
            ["balance", "--db", database, "--household", "101", "--month", month], in: directory)

        // The server, on a free loopback port announced on its first line.
        let server = try ServerProcess(
            try BuiltExecutable.path("village"), ["serve", "--db", database, "--listen", "127.0.0.1:0"] + common)
        defer { server.stop() }
        let url = try server.waitForURL()

        let shots = Self.screenshots
        try? FileManager.default.removeItem(at: shots)
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let downloads = directory.appendingPathComponent("downloads")
        try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
        let exportDay = String((InstantDay.local(Int64(start))))
        let exportNext = String(InstantDay.local(Int64(start) + 86_400))
        let socMax = try Site.load(path: site).ess.socMaxPct
        let browser = try PeerProcess(
            "python3",
            [
                TestFiles.peer("web_browser.py"), "--url", url, "--accounts", accountsFile.path, "--shots", shots.path,
                "--downloads", downloads.path, "--other-household", "102", "--export-from", exportDay, "--export-to",
                exportNext, "--soc-max", String(socMax),
            ])
        let printed = browser.waitForOutput()
        try #require(browser.process.terminationStatus == 0, "\(printed)")
        // The report is the last thing printed; chromium-driver may log before it.
        let answer = printed.firstIndex(of: "{").map { String(printed[$0...]) } ?? printed
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])

        // The household sees the balance `village balance` prints, and nothing else.
        let household = try #require(seen["household"] as? [String: Any])
        #expect(household["month"] as? String == month)
        let figures = try #require(household["figures"] as? [String: String])
        let row = try #require(balanceText.output.split(separator: "\n").first { $0.hasPrefix(month) })
        let cells = row.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        let keys = [
            "produced", "used", "ownPV", "fromNeighbours", "fromGrid", "toNeighbours", "toGrid", "paid", "received",
            "balance", "gridOnlyBill", "saved",
        ]
        try #require(cells.count == keys.count + 1, "\(cells)")
        for (index, key) in keys.enumerated() {
            #expect(
                figures[key] == cells[index + 1], "\(key): browser \(figures[key] ?? "-") vs CLI \(cells[index + 1])")
        }
        #expect((household["chart"] as? Int ?? 0) == 3)
        #expect((household["koreanHeading"] as? String)?.contains("월 정산") == true)
        #expect(household["koreanFigures"] as? [String: String] == figures)
        #expect(household["otherHousehold"] as? String == "403")
        #expect(household["managerPage"] as? String == "403")
        #expect(household["researcherExport"] as? String == "403")
        #expect((household["afterLogout"] as? String)?.hasSuffix("/login") == true)
        #expect((household["tradesText"] as? String)?.contains("102") == false)

        // The manager's reserve reaches the next plan.
        let manager = try #require(seen["manager"] as? [String: Any])
        #expect(manager["planError"] as? [String] == [])
        #expect((manager["stepsBefore"] as? Int ?? 0) >= 96)
        #expect(manager["comparison"] as? [String] == ["none", "self-consumption", "tou-rules", "optimal"])
        #expect(manager["badStatus"] as? Bool == true)
        #expect((manager["badFieldError"] as? String)?.contains("10–95") == true)
        #expect(manager["badFieldNextToInput"] as? Bool == true)
        #expect(manager["auditAfterBad"] as? Int == manager["auditBefore"] as? Int)
        #expect(manager["saved"] as? Bool == true)
        #expect(manager["planErrorAfter"] as? [String] == [])
        let reserve = try #require(manager["reservePct"] as? Double)
        let before = try #require(manager["socBefore"] as? Double)
        let after = try #require(manager["socAfter"] as? Double)
        #expect(before < reserve, "the unconstrained plan already held \(before) % at the reserve time")
        let reserveBy = manager["reserveBy"] as? String ?? ""
        #expect(after >= reserve - 0.05, "plan holds \(after) % at \(reserveBy), reserve \(reserve) %")
        let audit = try #require(manager["audit"] as? [[String]])
        let reserveChanges = audit.filter { row in
            row.count == 5 && row[1] == "manager1" && row[2] == "socReserve.socPct"
        }
        #expect(reserveChanges.count == 1, "\(audit)")
        #expect(manager["householdPage"] as? String == "403")

        // The researcher's download: the interval CSV, household ids pseudonymised.
        let researcher = try #require(seen["researcher"] as? [String: Any])
        let file = try #require(researcher["file"] as? String)
        let csv = try String(contentsOfFile: file, encoding: .utf8)
        let lines = csv.split { (character: Character) in character.isNewline }
        #expect(lines.count > 1)
        #expect(!csv.contains(",101,"), "a raw household id in the researcher's export")
        #expect(researcher["householdPage"] as? String == "403")

        for name in ["household-page", "household-page-phone", "manager-page", "manager-page-after", "researcher-page"]
        {
            #expect(FileManager.default.fileExists(atPath: shots.appendingPathComponent(name + ".png").path), "\(name)")
        }
    }

}

/// `village serve` as a child process whose output is read as it comes: the test waits for the line
/// that announces the URL (blocking on the pipe, no clock), and a reader thread keeps draining the
/// pipe afterwards so that the server never stalls on a full one.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private let pipe = Pipe()
    private let lock = NSCondition()
    private var text = ""
    private var ended = false

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let data = handle.availableData
                lock.lock()
                if data.isEmpty { ended = true } else { text += String(decoding: data, as: UTF8.self) }
                lock.broadcast()
                lock.unlock()
                if data.isEmpty { return }
            }
        }
    }

    /// The `http://127.0.0.1:PORT` the server printed, or an error with its output if it ended first.
    func waitForURL() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let range = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                return String(text[range])
            }
            if ended {
                throw CocoaError(
                    .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "village serve ended: \(text)"])
            }
            lock.wait()
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// The local (Asia/Seoul) day of an instant, YYYY-MM-DD.
enum InstantDay {
    static func local(_ instant: Int64) -> Substring {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 9 * 3600)
        formatter.formatOptions = [.withFullDate]
        return Substring(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(instant))))
    }
}
