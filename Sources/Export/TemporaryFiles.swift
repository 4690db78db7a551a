import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The temporary files of exports in progress, and the output directories they created, so that a
/// signal handler can remove them.
///
/// `village export` installs a SIGINT/SIGTERM handler that calls `removeAll()` before exiting: an
/// interrupted export then leaves neither a half-written file under its final name, nor a
/// `.partial` file, nor an empty output directory that it created itself. A directory that existed
/// before the export is never removed, and a created one only while it is empty (`rmdir`).
public final class TemporaryFiles: Sendable {
    public static let shared = TemporaryFiles()

    private struct State {
        var paths: Set<String> = []
        /// Directories created by exports in progress, deepest first.
        var directories: [String] = []
        /// Set by `removeAll()`: the process is about to exit, so a file created afterwards (by the
        /// export still running on another thread) is removed as soon as it is registered.
        var interrupted = false

        mutating func removeDirectories() {
            for directory in directories { rmdir(directory) }
        }
    }

    private let state = Mutex(State())

    func register(_ path: String) {
        state.withLock { state in
            guard !state.interrupted else {
                unlink(path)
                state.removeDirectories()
                return
            }
            state.paths.insert(path)
        }
    }

    func unregister(_ path: String) { state.withLock { _ = $0.paths.remove(path) } }

    /// Records directories an export created (deepest first), to be removed if it is interrupted.
    func register(createdDirectories: [String]) {
        state.withLock { $0.directories += createdDirectories }
    }

    /// Forgets them once the export has finished (or cleaned up after itself).
    func unregister(createdDirectories: [String]) {
        state.withLock { state in state.directories.removeAll { createdDirectories.contains($0) } }
    }

    /// Deletes every registered temporary file, then every registered directory that is empty;
    /// returns how many files there were. Files registered later are deleted on registration.
    @discardableResult
    public func removeAll() -> Int {
        state.withLock { state in
            state.interrupted = true
            for path in state.paths { unlink(path) }
            defer { state.paths.removeAll() }
            state.removeDirectories()
            return state.paths.count
        }
    }
}
