import Foundation
import Site
import Testing

/// The site file's `ledger:` section: the public key households check checkpoints with.
@Suite("Site ledger key")
struct SiteLedgerTests {
    static let valid = SiteLoaderErrorTests.valid
    static let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()

    @Test func theKeyIsReadAndWrittenBack() throws {
        let site = try Site(yaml: Self.valid + "\nledger: {publicKey: \"\(Self.key)\"}\n", file: "sites/ledger.yaml")
        #expect(site.ledger.publicKey == Self.key)
        #expect(try Site(yaml: site.yamlText(), file: "written.yaml") == site)
    }

    @Test func withoutTheSectionThereIsNoKey() throws {
        let site = try Site(yaml: Self.valid, file: "sites/ledger.yaml")
        #expect(site.ledger.publicKey == nil)
        #expect(!site.yamlText().contains("ledger:"))
    }

    @Test(arguments: [
        ("{publicKey: \"AAAA\"}", "ledger.publicKey"),
        ("{publicKey: \"not base64 at all!\"}", "ledger.publicKey"),
        ("{publickey: \"AAAA\"}", "ledger.publickey"),
    ])
    func aBadKeyIsRefusedNamingTheField(section: String, field: String) {
        do {
            _ = try Site(yaml: Self.valid + "\nledger: \(section)\n", file: "sites/ledger.yaml")
            Issue.record("\(section): accepted")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.file == "sites/ledger.yaml")
        }
    }
}
