import Synchronization

/// Tests that take every descriptor below 1,024 (to put a socket above FD_SETSIZE) and tests that
/// need one below it (libmodbus's serial code waits with select(2)) take turns: Swift Testing runs
/// suites side by side in one process, and the descriptor table is the process's.
enum LowDescriptors {
    private static let turn = Mutex(())

    static func exclusive<T>(_ body: () throws -> T) throws -> T {
        try turn.withLock { _ in try body() }
    }
}
