import Foundation
import Market
import TestKit
import Testing
import VillageAccounts

/// A password-guessing attack on the backend's login: the user name locks after the failures
/// ``LoginThrottle`` allows, even concurrent ones, and stays locked for the right password; the
/// attacking address is then refused before any password is checked.
@Suite struct BackendLoginThrottleTests {
    @Test func guessingLocksTheNameAndThenTheAddress() async throws {
        let policy = LoginThrottle()
        let addressLimit = AddressThrottle().limit
        try await BackendFixture.run(villages: [("alpha", SampleVillage(name: "alpha").key.publicKey)]) { backend in
            @Sendable func login(_ username: String, _ password: String) async throws -> BackendFixture.Answer {
                let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
                return try await backend.request(
                    "POST", "/api/v1/tokens", body: body, headers: ["Content-Type": "application/json"])
            }
            // Guesses for a101, all at once: exactly the failures before the lock count as wrong
            // passwords; every other one finds the name locked.
            let guesses = policy.maximumFailures + 3
            let answers = try await withThrowingTaskGroup(of: BackendFixture.Answer.self) { group in
                for i in 0..<guesses { group.addTask { try await login("a101", "guess number \(i)") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let statuses = answers.map(\.status)
            #expect(statuses.filter { $0 == 401 }.count == policy.maximumFailures - 1, "\(statuses)")
            #expect(statuses.filter { $0 == 429 }.count == guesses - policy.maximumFailures + 1, "\(statuses)")
            for answer in answers where answer.status == 429 {
                #expect((answer.object["error"] as? [String: Any])?["code"] as? String == "locked", "\(answer.text)")
                let wait = try #require(answer.headers["retry-after"].flatMap { Int64($0) }, "\(answer.headers)")
                #expect(wait >= 1 && wait <= policy.lockSeconds)
            }
            let locked = try #require(
                Int64(
                    try backend.postgres.psql(
                        "SELECT locked_until - extract(epoch FROM now())::int8 FROM login_throttle WHERE username = 'a101'"
                    )))
            #expect(locked > 0 && locked <= policy.lockSeconds)

            // The right password does not open a locked name, and issues no token.
            let right = try await login("a101", BackendFixture.password)
            #expect(right.status == 429, "\(right.text)")
            #expect(right.object["token"] == nil)
            #expect(try backend.count("api_tokens") == BackendFixture.accounts.filter { $0.2 != "beta" }.count)

            // Up to the address's limit other names are still checked; then the address is refused.
            var attempts = guesses + 1
            while attempts < addressLimit {
                #expect(try await login("nobody", "guess").status == 401)
                attempts += 1
            }
            let refused = try await login("operator", "anything")
            #expect(refused.status == 429, "\(refused.text)")
            #expect((refused.object["error"] as? [String: Any])?["code"] as? String == "throttled", "\(refused.text)")
            let wait = try #require(refused.headers["retry-after"].flatMap { Int64($0) }, "\(refused.headers)")
            #expect(wait >= 1 && wait <= AddressThrottle().windowSeconds)
            #expect(try backend.count("login_throttle", "username = 'operator'") == 0)
        }
    }
}
