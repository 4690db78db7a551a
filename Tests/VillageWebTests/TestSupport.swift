import Foundation
import SettledVillageKit
import TestKit

extension SettledVillage {
    /// A settled village in a new temporary directory; `remove()` deletes the directory.
    static func make() async throws -> SettledVillage {
        let directory = try TestFiles.temporaryDirectory()
        return try await make(at: directory.appendingPathComponent("village.sqlite").path)
    }

    func remove() { try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent()) }
}

/// `village` run to the end: exit status and standard output.
func runVillage(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try BuiltExecutable.path("village"))
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The text of every element carrying `attribute="key"` in `html`, by key.
func attributeTexts(_ attribute: String, in html: String) -> [String: String] {
    let pattern = try! NSRegularExpression(pattern: "\(attribute)=\"([^\"]+)\"[^>]*>([^<]*)<")
    var result: [String: String] = [:]
    for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
        guard let key = Range(match.range(at: 1), in: html), let text = Range(match.range(at: 2), in: html) else {
            continue
        }
        result[String(html[key])] = String(html[text])
    }
    return result
}
