import Export
import Foundation

/// Removes the export's temporary files when the user interrupts it (SIGINT, SIGTERM), so that an
/// interrupted export leaves neither a half-written file under its final name nor a `.partial` one.
final class InterruptionCleanup {
    private let sources: [any DispatchSourceSignal]

    init() {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                TemporaryFiles.shared.removeAll()
                FileHandle.standardError.write(Data("\nexport interrupted; no file was written\n".utf8))
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
