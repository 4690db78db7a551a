import ArgumentParser
import VillageCommands

/// The `village` executable: everything it does is in ``Village``.
@main
enum VillageExecutable {
    // A function declared `async` rather than top-level code: there, `Village.main()` would resolve
    // to the synchronous `main()`, which cannot run the asynchronous subcommands.
    static func main() async {
        await Village.main()
    }
}
