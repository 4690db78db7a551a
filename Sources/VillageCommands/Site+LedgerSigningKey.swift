import Market
import Site

extension Site {
    /// Refuses a signing key whose public key is not the one this site file publishes: the
    /// daemon's checkpoints would fail every household's check against the published key.
    func checkLedgerSigningKey(path: String, siteFile: String) throws {
        guard let published = ledger.publicKey else { return }
        let key: LedgerSigningKey
        do {
            key = try LedgerSigningKey(contentsOfFile: path)
        } catch {
            throw CommandError("--ledger-key: \(error)")
        }
        guard key.publicKey.base64 == published else {
            throw CommandError(
                "--ledger-key: \(path) is not the key \(siteFile) publishes as ledger.publicKey "
                    + "(its public key is \(key.publicKey.base64)); checkpoints signed with it would not verify")
        }
    }
}
