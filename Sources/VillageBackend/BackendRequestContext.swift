import Hummingbird
import VillageAccounts

/// Who is calling the backend: an account of the city's operators, managers, researchers or
/// households, or a village uploading with its token.
package struct BackendRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var caller: BackendCaller?
    /// The peer's IP address, for the login throttle per client.
    package var clientAddress: String?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        caller = nil
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// A batch of a day's intervals of a village, as JSON, is a few megabytes.
    package var maxUploadSize: Int { Self.maximumBodyBytes }
    package static let maximumBodyBytes = 32 << 20
}

/// The authenticated caller of a request.
package enum BackendCaller: Sendable, Equatable {
    /// A person or service with a role; a household is bound to one unit of one village.
    case account(username: String, role: Role, village: String?, household: String?)
    /// A village's edge, by its upload token.
    case village(id: Int32, name: String)

    var role: Role? {
        if case .account(_, let role, _, _) = self { return role }
        return nil
    }
}
