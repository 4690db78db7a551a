import Foundation
import PostgresNIO

/// A `postgres://user[:password]@host[:port]/database` URL, read into a connection configuration.
/// The password, if any, never appears in an error or a log line.
package struct PostgresAddress: Sendable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String

    /// Parses `text`; an error names `argument` and the part that is wrong.
    package init(parsing text: String, argument: String = "--pg") throws(BackendError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme)
        else {
            throw BackendError.invalidArgument(argument, "expected postgres://user@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw BackendError.invalidArgument(argument, "the URL names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw BackendError.invalidArgument(argument, "the URL names no user (postgres://USER@host/db)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw BackendError.invalidArgument(argument, "the URL names no database (postgres://user@host/DB)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw BackendError.invalidArgument(argument, "port \(port)") }
        self.host = host
        self.port = port
        self.user = user
        self.password = components.password
        self.database = database
    }

    /// Without the password.
    package var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// Plain TCP on loopback, TLS when the server offers it elsewhere.
    package var configuration: PostgresClient.Configuration {
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: loopback ? .disable : .prefer(.makeClientConfiguration()))
        configuration.options.maximumConnections = 16
        return configuration
    }
}
