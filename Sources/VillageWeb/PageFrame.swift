/// What every page's frame needs: the language, the signed-in account (nil on the login page), the
/// CSRF token of its forms and the path the language toggle returns to.
package struct PageFrame: Sendable, Hashable {
    package var language: String
    package var otherLanguage: String
    package var title: String
    package var account: String?
    package var csrf: String
    package var path: String

    package init(language: WebLanguage, title: Label, account: String?, csrf: String, path: String) {
        self.language = language.rawValue
        otherLanguage = language.other.rawValue
        self.title = WebLanguage.$current.withValue(language) { title.renderText }
        self.account = account
        self.csrf = csrf
        self.path = path
    }
}
