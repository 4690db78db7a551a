import Foundation

/// The progress bar of `village dispatch simulate`: strategy, simulated days done, a bar and an
/// estimate of the time left, redrawn in place on stderr so stdout stays clean for `--json`. Each
/// strategy run gets its own line; the estimate is the mean wall time per simulated day so far
/// (the warm-up before the first day included, so the first estimates run a little long).
final class SimulationProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var started = ContinuousClock.now
    private var current: String?

    /// Starts a strategy run on a new line with its own clock (the warm-up counts as its time).
    func began(strategy: String, days: Int) {
        lock.lock()
        defer { lock.unlock() }
        if current != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        current = strategy
        started = .now
        draw(strategy: strategy, day: 0, days: days)
    }

    /// Redraws the bar of the current run with `day` of `days` simulated days done.
    func advanced(strategy: String, day: Int, days: Int) {
        lock.lock()
        defer { lock.unlock() }
        draw(strategy: strategy, day: day, days: days)
    }

    private func draw(strategy: String, day: Int, days: Int) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let line = Self.line(strategy: strategy, day: day, days: days, elapsedSeconds: seconds)
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
    }

    /// Ends the last line, so that what follows on stderr starts at the left margin.
    func finished() {
        lock.lock()
        defer { lock.unlock() }
        if current != nil { FileHandle.standardError.write(Data("\n".utf8)) }
        current = nil
    }

    /// One line of the bar: `optimal [#####...............]  25% day 91 of 364, 0:40 elapsed, ETA 2:00`.
    /// The ETA needs one finished day; before that the line has none.
    static func line(strategy: String, day: Int, days: Int, elapsedSeconds: Double, width: Int = 20) -> String {
        let total = max(1, days)
        let done = min(max(0, day), total)
        let fraction = Double(done) / Double(total)
        let filled = Int(fraction * Double(width))
        var line = "\(strategy) [" + String(repeating: "#", count: filled)
        line += String(repeating: ".", count: width - filled) + "]"
        line += String(format: " %3.0f%% day %d of %d, %@ elapsed", fraction * 100, done, total, clock(elapsedSeconds))
        if done > 0 && done < total {
            line += ", ETA " + clock(elapsedSeconds / Double(done) * Double(total - done))
        }
        return line
    }

    /// Whole seconds as `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(max(0, seconds).rounded())
        let hours = whole / 3600
        let minutes = whole / 60 % 60
        let rest = whole % 60
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
