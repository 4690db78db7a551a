import Foundation

/// Runs synchronous database and file work (a server's reads, exports) on threads of its own.
///
/// Not on the cooperative pool: a synchronous GRDB read there waits for a reader connection while
/// the asynchronous reads holding the readers wait for a cooperative thread to resume on. Not on
/// Dispatch either: a burst of requests parks one Dispatch worker per request on GRDB's reader
/// semaphore, and Dispatch on Linux adds workers only slowly once its pool is blocked, so a
/// hundred concurrent clients stalled the server for minutes. Here a fixed number of threads take
/// jobs in arrival order: no request waits behind later ones, and no more reads run at once than
/// the database has reader connections, so none of them blocks inside GRDB.
package enum BlockingWork {
    /// Short reads (a balance, a token check, a bill): fewer than GRDB's five reader connections.
    private static let requests = BlockingWorkPool(name: "village.reads", threads: 4)
    /// Exports, which may read for minutes: kept apart so that they never hold up a balance.
    private static let exports = BlockingWorkPool(name: "village.exports", threads: 2)

    package static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await requests.run(work)
    }

    package static func runLong<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await exports.run(work)
    }
}

/// A fixed set of threads running submitted jobs first in, first out.
package final class BlockingWorkPool: @unchecked Sendable {
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private let condition = NSCondition()

    package init(name: String, threads: Int) {
        for index in 0..<max(1, threads) {
            let thread = Thread { [unowned self] in self.serve() }
            thread.name = "\(name).\(index)"
            thread.start()
        }
    }

    package func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Queues `job` behind every job submitted before it.
    package func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            // Compact once the consumed prefix dominates, so the array does not grow for ever.
            if head >= 64, head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}
