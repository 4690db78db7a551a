import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Temporary files (`.NAME.partial-PID`) left in an output directory by an export that was killed
/// before it could remove them (SIGKILL, out of memory, power loss).
///
/// A file is stale when the process named by its PID no longer exists. A live PID (even one reused
/// by another program) keeps its file: it could be an export still writing into the directory.
enum StalePartialFiles {
    /// Names of the stale partial files directly in `directory`.
    static func inDirectory(_ directory: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { name in
            guard let pid = partialFileOwner(name) else { return false }
            return !processExists(pid)
        }
    }

    /// The PID in a name of the form `.NAME.partial-PID`, or nil for any other name.
    static func partialFileOwner(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), let marker = name.range(of: ".partial-", options: .backwards),
            marker.lowerBound > name.index(after: name.startIndex)
        else { return nil }
        let digits = name[marker.upperBound...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let pid = pid_t(digits),
            pid > 0
        else { return nil }
        return pid
    }

    private static func processExists(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
