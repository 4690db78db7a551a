/// The login form, again with the username after a refused attempt.
package struct LoginPage: Sendable, Hashable {
    package var username: String
    package var failed: Bool
    package var throttled: Bool

    package init(username: String = "", failed: Bool = false, throttled: Bool = false) {
        self.username = username
        self.failed = failed
        self.throttled = throttled
    }
}

/// A refusal or an error page: the HTTP status and a fixed text.
package struct MessagePage: Sendable, Hashable {
    package var status: Int
    package var text: Label

    package init(status: Int, text: Label) {
        self.status = status
        self.text = text
    }
}
