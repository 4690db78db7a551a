import Foundation

/// Writes a whole text file or nothing: the text goes to a temporary file in the same directory,
/// which is then renamed over the target, so a reader never sees half a chart and a failed write
/// leaves the old file (if any) as it was.
enum AtomicTextFile {
    /// Why `path` cannot be written, or nil when its directory exists and `path` is not a directory.
    /// Checked before any work is done, so a typo in a path fails fast.
    static func problem(writing path: String) -> String? {
        guard !path.isEmpty else { return "the path is empty" }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "\(path) is a directory"
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "directory \(directory) does not exist"
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            return "directory \(directory) is not writable"
        }
        return nil
    }

    /// Writes `text` to `path`; errors name `option` (the command-line flag the path came from).
    static func write(_ text: String, to path: String, option: String) throws(CommandError) {
        if let problem = problem(writing: path) { throw CommandError("\(option): \(problem)") }
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else {
                throw CommandError(String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CommandError("\(option): cannot write \(path): \(error)")
        }
    }
}
