import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The temporary files of exports in progress, so that a signal handler can remove them.
///
/// `village export` installs a SIGINT/SIGTERM handler that calls `removeAll()` before exiting: an
/// interrupted export then leaves neither a half-written file under its final name nor a
/// `.partial` file behind.
public final class TemporaryFiles: Sendable {
    public static let shared = TemporaryFiles()
    private let paths = Mutex<Set<String>>([])

    func register(_ path: String) { paths.withLock { _ = $0.insert(path) } }
    func unregister(_ path: String) { paths.withLock { _ = $0.remove(path) } }

    /// Deletes every registered temporary file; returns how many there were.
    @discardableResult
    public func removeAll() -> Int {
        paths.withLock { paths in
            for path in paths { unlink(path) }
            defer { paths.removeAll() }
            return paths.count
        }
    }
}
