import Export
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Write end of the pipe through which the signal handler wakes the cleanup thread; set before the
/// handler is installed and never changed while it is.
nonisolated(unsafe) private var interruptionPipeWriteEnd: Int32 = -1

/// Removes the export's temporary files, and the output directory it created, when the user
/// interrupts it (SIGINT, SIGTERM), so that an interrupted export leaves neither a half-written file
/// under its final name nor a `.partial` one nor an empty directory.
///
/// A plain signal handler, installed synchronously for the whole process, only writes the signal's
/// number into a pipe (all a handler may safely do); a thread of our own reads it, cleans up and
/// exits with 128 + the signal. A libdispatch signal source was used before: it is armed
/// asynchronously after `resume()`, and a signal that came first was ignored, so the export ran on.
final class InterruptionCleanup {
    init() {
        var ends: [Int32] = [-1, -1]
        // Without a pipe the signals keep their default action: the export stops at once, and the
        // next export sweeps its stale `.partial` files.
        guard pipe(&ends) == 0 else { return }
        let readEnd = ends[0]
        interruptionPipeWriteEnd = ends[1]
        let waiter = Thread {
            var number: UInt8 = 0
            while true {
                let count = read(readEnd, &number, 1)
                if count == 1 { break }
                if count < 0, errno == EINTR { continue }
                return
            }
            TemporaryFiles.shared.removeAll()
            FileHandle.standardError.write(Data("\nexport interrupted; no file was written\n".utf8))
            exit(128 + Int32(number))
        }
        waiter.name = "export interruption"
        waiter.start()
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(interruptionPipeWriteEnd, &byte, 1)
            }
        }
    }

    /// Gives SIGINT/SIGTERM their default action back once the export is done.
    func cancel() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
