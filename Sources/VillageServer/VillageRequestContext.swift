import Hummingbird
import VillageAccounts

/// The request context of every route, API and web alike: the account that the bearer token (or
/// the web's session cookie) authenticated, if any.
package struct VillageRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// Set by an authenticator middleware; nil for a request without valid credentials.
    package var account: Account?
    /// How the account was authenticated (`api` for a bearer token, `session` for the web's cookie).
    package var credential: TokenKind?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        account = nil
        credential = nil
    }

    /// Request bodies are small JSON documents or form posts: anything larger is refused with 413
    /// before a handler reads it.
    package var maxUploadSize: Int { VillageRequestContext.maximumBodyBytes }
    package static let maximumBodyBytes = 64 * 1024
}
