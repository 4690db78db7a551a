import Foundation
import Testing
import VillageAccounts

@testable import VillageWeb

/// CSRF tokens, the session cookie, the security headers, login throttling and form bodies.
@Suite struct SecurityTests {
    @Test func csrfTokenIsValidOnlyForItsSessionAndSecret() {
        let tokens = CSRFTokens.random()
        let token = tokens.token(forSession: "session-a")
        #expect(tokens.isValid(token, forSession: "session-a"))
        #expect(!tokens.isValid(token, forSession: "session-b"))
        #expect(!tokens.isValid(nil, forSession: "session-a"))
        #expect(!tokens.isValid("", forSession: "session-a"))
        #expect(!tokens.isValid("not base64 !", forSession: "session-a"))
        var tampered = Array(token)
        tampered[0] = tampered[0] == "A" ? "B" : "A"
        #expect(!tokens.isValid(String(tampered), forSession: "session-a"))
        // Another server's secret makes other tokens.
        #expect(!CSRFTokens.random().isValid(token, forSession: "session-a"))
        // The same secret makes the same token (a restarted server with a kept secret).
        let secret = Data((0..<32).map { UInt8($0) })
        #expect(CSRFTokens(secret: secret).token(forSession: "s") == CSRFTokens(secret: secret).token(forSession: "s"))
    }

    @Test func sessionCookieIsHttpOnlyStrictAndSecureBehindTLS() {
        let plain = SessionCookie(secure: false).setting("abc")
        #expect(plain.hasPrefix("village_session=abc; "))
        #expect(plain.contains("HttpOnly"))
        #expect(plain.contains("SameSite=Strict"))
        #expect(plain.contains("Path=/"))
        #expect(!plain.contains("Secure"))
        #expect(SessionCookie(secure: true).setting("abc").hasSuffix("; Secure"))
        #expect(SessionCookie(secure: true).clearing().contains("Max-Age=0"))
        #expect(SessionCookie.value(inHeader: "a=1; village_session=xyz; b=2") == "xyz")
        #expect(SessionCookie.value(inHeader: "village_sessionx=1") == nil)
        #expect(SessionCookie.value(inHeader: nil) == nil)
    }

    @Test func headersForbidScriptFramingSniffingAndReferrers() {
        let headers = Dictionary(uniqueKeysWithValues: SecurityHeaders.all(secure: false).map { ($0.name, $0.value) })
        let csp = try! #require(headers["Content-Security-Policy"])
        #expect(csp.contains("default-src 'none'"))
        #expect(csp.contains("frame-ancestors 'none'"))
        #expect(!csp.contains("unsafe-inline"))
        #expect(!csp.contains("script-src"))
        #expect(headers["X-Content-Type-Options"] == "nosniff")
        #expect(headers["Referrer-Policy"] == "no-referrer")
        #expect(headers["Strict-Transport-Security"] == nil)
        #expect(SecurityHeaders.all(secure: true).contains { $0.name == "Strict-Transport-Security" })
    }

    @Test func throttleRefusesAfterTheLimitUntilTheWindowMoves() {
        var throttle = AddressThrottle(limit: 3, windowSeconds: 60)
        #expect(throttle.attempt(from: "a", now: 1000) == nil)
        #expect(throttle.attempt(from: "a", now: 1001) == nil)
        #expect(throttle.attempt(from: "a", now: 1002) == nil)
        #expect(throttle.attempt(from: "a", now: 1003) == 57)
        #expect(throttle.attempt(from: "b", now: 1003) == nil)
        #expect(throttle.attempt(from: "a", now: 1059) == 1)
        #expect(throttle.attempt(from: "a", now: 1060) == nil)
    }

    @Test func formBodiesDecodeAndRefuseBadEncoding() {
        let body = FormBody(encoded: "username=u%20101&password=a+b%26c&empty=")
        #expect(body?["username"] == "u 101")
        #expect(body?["password"] == "a b&c")
        #expect(body?["empty"] == "")
        #expect(FormBody(encoded: "x=%ZZ") == nil)
    }
}
