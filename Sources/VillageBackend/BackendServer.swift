import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle
import VillageServer

/// The backend as one service: the PostgreSQL pool, the migrations applied before the first
/// request, and the HTTP server.
package enum BackendServer {
    /// The application serving the backend on `listen`. It is a `Service` that runs the pool too:
    /// run it with `runService()` (SIGINT and SIGTERM stop it) or in a service group.
    package static func application(
        database address: PostgresAddress, listen: ListenAddress, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol & Service {
        let client = PostgresClient(
            configuration: address.configuration, backgroundLogger: BackendDatabase.poolLogger(logger))
        let database = BackendDatabase(client: client, logger: logger)
        let api = BackendAPI(database: database)
        var application = Application(
            router: api.router(),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "village-backend"),
            services: [client],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? listen.port) },
            logger: logger)
        application.beforeServerStarts { try await database.migrate() }
        return application
    }
}
