import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The temporary files of exports in progress, and the output directories they created, so that a
/// signal handler can remove them.
///
/// `village export` installs a SIGINT/SIGTERM handler that calls `removeAll()` before exiting: an
/// interrupted export then leaves neither a half-written file under its final name, nor a
/// `.partial` file, nor an output directory that it created itself. A directory that existed
/// before the export is never removed, and a created one only while it is empty (`rmdir`).
///
/// Creating a directory or a temporary file, renaming one into place, and `removeAll()` each run
/// under one lock, so the handler (on another thread) never falls between a file's creation and its
/// registration; after `removeAll()` nothing new is created or renamed.
package final class TemporaryFiles: Sendable {
    package static let shared = TemporaryFiles()

    private struct State {
        var paths: Set<String> = []
        /// Directories created by exports in progress, deepest first.
        var directories: [String] = []
        /// Set by `removeAll()`: the process is about to exit.
        var interrupted = false
    }

    private let state = Mutex(State())

    /// Creates `path` with its missing parents; `missing` (deepest first) are removed again if the
    /// export is interrupted. Returns why it failed, or nil.
    func createDirectory(_ path: String, missing: [String]) -> String? {
        state.withLock { state in
            guard !state.interrupted else { return "the export was interrupted" }
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                return error.localizedDescription
            }
            state.directories += missing
            return nil
        }
    }

    /// Forgets created directories once the export has finished (or cleaned up after itself).
    func unregister(createdDirectories: [String]) {
        state.withLock { state in state.directories.removeAll { createdDirectories.contains($0) } }
    }

    /// Creates (truncates) a temporary file for writing and registers it; the descriptor, or the
    /// errno of the failure.
    func create(_ path: String) -> Result<Int32, Errno> {
        state.withLock { state in
            guard !state.interrupted else { return .failure(Errno(ECANCELED)) }
            // Exported village data: readable by the owner only; share it deliberately, not by default.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return .failure(Errno(errno)) }
            state.paths.insert(path)
            return .success(descriptor)
        }
    }

    /// Renames a registered temporary file to its final name and forgets it.
    func rename(_ path: String, to finalPath: String) -> Result<Void, Errno> {
        state.withLock { state in
            guard !state.interrupted else { return .failure(Errno(ECANCELED)) }
            guard Glibc.rename(path, finalPath) == 0 else { return .failure(Errno(errno)) }
            state.paths.remove(path)
            return .success(())
        }
    }

    func unregister(_ path: String) { state.withLock { _ = $0.paths.remove(path) } }

    /// Deletes every registered temporary file, then every registered directory that is empty;
    /// returns how many files there were. Afterwards nothing is created or renamed any more.
    @discardableResult
    package func removeAll() -> Int {
        state.withLock { state in
            state.interrupted = true
            for path in state.paths { unlink(path) }
            for directory in state.directories { rmdir(directory) }
            defer { state.paths.removeAll() }
            return state.paths.count
        }
    }

    /// An `errno` value, as an error.
    struct Errno: Error {
        let code: Int32
        init(_ code: Int32) { self.code = code }
        var message: String { String(cString: strerror(code)) }
    }
}
