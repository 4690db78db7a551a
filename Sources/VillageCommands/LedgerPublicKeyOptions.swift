import ArgumentParser
import Foundation
import Market
import Site

/// `--public-key` and `--site`: the key that checks checkpoint signatures, given on the command line
/// or, by default, the one the site file publishes as `ledger.publicKey`.
struct LedgerPublicKeyOptions: ParsableArguments {
    static let defaultSite = SiteOptions().site

    @Option(
        help:
            "The operator's public key: its base64 text, or a file holding it. Default: the site file's ledger.publicKey."
    )
    var publicKey: String?

    @Option(
        help:
            "Site file whose ledger.publicKey is used without --public-key. Default: Firmware-Sim/sites/default.yaml when it exists."
    )
    var site: String?

    /// Where the key came from, for messages: the argument or the site file.
    enum Source: Equatable {
        case argument
        case siteFile(String)
    }

    /// The key and where it came from; nil when neither the argument nor the site file names one.
    func resolve() throws -> (key: LedgerPublicKey, source: Source)? {
        if let publicKey {
            do {
                return (try LedgerPublicKey(argument: publicKey), .argument)
            } catch {
                throw CommandError("--public-key: \(error)")
            }
        }
        let path: String
        if let site {
            path = site
        } else if FileManager.default.fileExists(atPath: Self.defaultSite) {
            path = Self.defaultSite
        } else {
            return nil
        }
        let text: String?
        do {
            text = try Site.load(path: path).ledger.publicKey
        } catch {
            throw CommandError("--site: \(error)")
        }
        guard let text else { return nil }
        do {
            return (try LedgerPublicKey(base64: text), .siteFile(path))
        } catch {
            throw CommandError("\(path): ledger.publicKey: \(error.message)")
        }
    }
}
