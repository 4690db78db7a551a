import ArgumentParser

/// The `--db` option every market command shares.
struct LedgerDatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The village database (SQLite).")
    var databasePath: String

    @Flag(help: "Print JSON instead of text.")
    var json = false
}
