import ArgumentParser
import Foundation
import VillageCommands

/// The `village` executable: everything it does is in ``Village``.
@main
enum VillageExecutable {
    // A function declared `async` rather than top-level code: there, `Village.main()` would resolve
    // to the synchronous `main()`, which cannot run the asynchronous subcommands.
    static func main() async {
        // Household data stays private: the database, its WAL and shared-memory files, exports and
        // every other file this process creates are readable by its owner only (0600, folders 0700).
        umask(0o077)
        await Village.main()
    }
}
