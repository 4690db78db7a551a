import ArgumentParser
import Market

/// `village keys …`: the operator's signing keys.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "The Ed25519 key that signs the ledger's checkpoints.",
        subcommands: [KeysGenerateCommand.self])
}

/// `village keys generate --out FILE`: a new signing key, written 0600; prints the public key.
struct KeysGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new Ed25519 signing key (mode 0600) and print its public key.",
        discussion: """
            The private key stays with the operator (the daemon's --ledger-key). The public key is \
            what households and auditors verify checkpoints and receipts with: put it in the site \
            file (the printed `ledger:` line) and on the notice board. An existing file is never overwritten.
            """)

    @Option(help: "The key file to create; it must not exist yet.")
    var out: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    struct Output: Encodable {
        var keyFile: String
        var publicKey: String
        /// The line that publishes the key in the site file.
        var siteFileLine: String
    }

    func run() throws {
        if let problem = AtomicTextFile.problem(writing: out) { throw CommandError("--out: \(problem)") }
        let key = LedgerSigningKey()
        let siteFileLine = "ledger: {publicKey: \"\(key.publicKey.base64)\"}"
        do {
            try key.write(to: out)
        } catch {
            throw CommandError("--out: \(error)")
        }
        if json {
            try MarketFormatting.printJSON(
                Output(keyFile: out, publicKey: key.publicKey.base64, siteFileLine: siteFileLine))
        } else {
            print("Signing key written to \(out) (mode 0600).")
            print("For the site file, where `ledger verify` and `verify-receipt` find it by default:")
            print("  \(siteFileLine)")
            print("Public key:")
            print(key.publicKey.base64)
        }
    }
}
