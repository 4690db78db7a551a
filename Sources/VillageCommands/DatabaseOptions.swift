import ArgumentParser

/// `--db` of the commands that work on the village's database at its usual place.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite database of the village (`run` and `collect` create it when missing).")
    var db = "village.sqlite"
}
