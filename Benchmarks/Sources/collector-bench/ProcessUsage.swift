import Foundation

/// What this process has used so far (every thread, the in-process simulator included): CPU time
/// (user + system) and context switches, from getrusage.
struct ProcessUsage {
    var cpuSeconds: Double
    /// Switches where a thread waited for something (a reply, a lock): what a thread per connection
    /// costs the kernel.
    var voluntarySwitches: Int
    var involuntarySwitches: Int

    static var now: ProcessUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return ProcessUsage(
            cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime), voluntarySwitches: usage.ru_nvcsw,
            involuntarySwitches: usage.ru_nivcsw)
    }

    static func - (later: ProcessUsage, earlier: ProcessUsage) -> ProcessUsage {
        ProcessUsage(
            cpuSeconds: later.cpuSeconds - earlier.cpuSeconds,
            voluntarySwitches: later.voluntarySwitches - earlier.voluntarySwitches,
            involuntarySwitches: later.involuntarySwitches - earlier.involuntarySwitches)
    }

    static let zero = ProcessUsage(cpuSeconds: 0, voluntarySwitches: 0, involuntarySwitches: 0)
}

/// One variant's timed run: reads, seconds and what the process used meanwhile.
struct ThroughputRun {
    var ok: Int
    var failed: Int
    var seconds: Double
    var usage: ProcessUsage
    var rows = 0

    var readsPerSecond: Double { Double(ok) / seconds }
    /// Process CPU per device read in microseconds; the simulator serving the reads is included, the
    /// same for every variant.
    var cpuMicrosecondsPerRead: Double { usage.cpuSeconds / Double(max(ok, 1)) * 1e6 }
    var switchesPerRead: Double { Double(usage.voluntarySwitches + usage.involuntarySwitches) / Double(max(ok, 1)) }
}
