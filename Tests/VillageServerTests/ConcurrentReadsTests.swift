import Dispatch
import Foundation
import ServiceSupport
import Synchronization
import Testing
import VillageServer

/// The server's blocking reads under many clients at once: every request is answered, in the
/// order the work arrived, and with the same figures as a lone request.
@Suite struct ConcurrentReadsTests {
    @Test func theWorkPoolRunsJobsInArrivalOrder() async throws {
        let pool = BlockingWorkPool(name: "test.order", threads: 1)
        let gate = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let order = Shared([Int]())
        // The first job holds the only thread until every other job is queued behind it.
        pool.submit { gate.wait() }
        for index in 0..<200 {
            pool.submit {
                order.value.withLock { $0.append(index) }
                if index == 199 { done.signal() }
            }
        }
        gate.signal()
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                done.wait()
                continuation.resume()
            }
        }
        #expect(order.value.withLock { $0 } == Array(0..<200))
    }

    @Test func aWorkPoolOfFourRunsMoreJobsThanThreads() async throws {
        let pool = BlockingWorkPool(name: "test.width", threads: 4)
        let running = Shared((now: 0, most: 0))
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask {
                    try await pool.run {
                        running.value.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                        }
                        defer { running.value.withLock { $0.now -= 1 } }
                        return index * 2
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<64).map { $0 * 2 })
        #expect(running.value.withLock { $0.most } <= 4)
    }

    @Test func aHundredConcurrentBalanceRequestsAllAnswerTheSameFigures() async throws {
        let server = try await ServerFixture.start()
        let token = try await server.login("u101")
        let path = "/api/v1/households/101/balance?month=\(ServerFixture.month)"
        let alone = try await server.request("GET", path, token: token)
        #expect(alone.status == 200)
        let answers = try await withThrowingTaskGroup(of: ServerFixture.Answer.self) { group in
            for _ in 0..<100 { group.addTask { try await server.request("GET", path, token: token) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 100)
        #expect(answers.allSatisfy { $0.status == 200 && $0.body == alone.body })
    }
}

/// A value behind a lock that `@Sendable` closures can share.
private final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
}
