import Dispatch

/// Runs synchronous database and file work (the ledger's queries, exports) on threads of its own.
///
/// A synchronous GRDB read on the cooperative thread pool waits for a reader connection while the
/// asynchronous reads that hold the readers wait for a cooperative thread to resume on: with enough
/// concurrent requests every cooperative thread blocks and the server stops answering. A queue of
/// its own (not a global root queue, which the cooperative pool shares) gets its own threads.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "village.server.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
