import Foundation
import GRDB
import Market
import MarketTestKit
import TestKit
import Testing
import VillageStore

@testable import MarketStore

/// The Merkle tree stored in SQLite, its roots, inclusion and consistency proofs and the signed
/// checkpoints, checked by an independent verifier written in Python from RFC 6962 / RFC 9162 and
/// the C2SP signed-note text (`Tests/Peers/transparency_log_verifier.py`).
@Suite struct MerkleProofPeerTests {
    /// Leaves enough for every power of two ±1 up to 2^14 + 1.
    static let leafCount: Int64 = 16_385

    static func leafData(_ index: Int64) -> [UInt8] { Array("ledger leaf \(index)".utf8) }

    /// A village database whose tree holds `count` synthetic leaves, appended as the ledger does.
    static func storedTree(in directory: TemporaryDirectory, count: Int64) async throws -> VillageStore {
        let store = try VillageStore(path: directory.path("tree.sqlite"))
        try await store.databaseWriter.write { db in
            for index in 0..<count {
                try LedgerTreeRows.appendLeaf(.leaf(leafData(index)), at: index, to: db)
            }
        }
        return store
    }

    /// Sizes 1…10,000 at random, every power of two and its neighbours up to 2^14 + 1.
    static func sizes() -> [Int64] {
        var rng = SeededGenerator(seed: 0x6962)
        var sizes = Set((0..<60).map { _ in Int64.random(in: 1...10_000, using: &rng) })
        for exponent in 0...14 {
            let power = Int64(1) << exponent
            for size in [power - 1, power, power + 1] where size >= 1 { sizes.insert(size) }
        }
        return sizes.sorted()
    }

    struct Cases: Encodable {
        struct Inclusion: Encodable {
            var index: Int64
            var proof: [MerkleHash]
        }
        struct Consistency: Encodable {
            var old: Int64
            var oldRoot: MerkleHash
            var proof: [MerkleHash]
        }
        struct Tree: Encodable {
            var size: Int64
            var root: MerkleHash
            var inclusion: [Inclusion]
            var consistency: [Consistency]
        }
        struct Checkpoint: Encodable {
            var note: String
            var publicKey: String
            var size: Int64
        }
        var leaves: [String]
        var trees: [Tree] = []
        var checkpoints: [Checkpoint] = []
    }

    static func runPeer(_ cases: Cases, in directory: TemporaryDirectory) throws -> (status: Int32, output: String) {
        let file = directory.path("cases.json")
        try JSONEncoder().encode(cases).write(to: URL(fileURLWithPath: file))
        return try PeerProcess.run("python3", [TestFiles.peer("transparency_log_verifier.py"), file])
    }

    @Test func proofsFromTheStoredTreeVerifyInAnIndependentImplementation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await Self.storedTree(in: directory, count: Self.leafCount)
        let cases = try Self.cases(from: store.databaseWriter)
        let (status, output) = try Self.runPeer(cases, in: directory)
        #expect(status == 0, "\(output)")
        #expect(output.contains("\"failureCount\": 0"), "\(output)")
    }

    /// Roots and proofs read from the stored tree for every size of ``sizes()``, each checked here
    /// too (against the tree built in memory and by ``MerkleVerification``).
    static func cases(from database: any DatabaseWriter) throws -> Cases {
        var memory = InMemoryMerkleTree()
        for index in 0..<leafCount { memory.append(.leaf(leafData(index))) }
        var rng = SeededGenerator(seed: 0x9162)
        var cases = Cases(leaves: (0..<leafCount).map { Data(leafData($0)).base64EncodedString() })
        try database.read { db in
            let proofs = LedgerTreeRows.proofs(db)
            let reference = MerkleProofs(source: memory)
            for size in sizes() {
                let root = try proofs.root(size: size)
                #expect(root == (try reference.root(size: size)))
                var indices: Set<Int64> = [0, size - 1, size / 2]
                for _ in 0..<3 { indices.insert(Int64.random(in: 0..<size, using: &rng)) }
                var olds: Set<Int64> = [1, size, max(size - 1, 1)]
                var power: Int64 = 1
                while power * 2 <= size { power *= 2 }
                olds.insert(power)
                for _ in 0..<2 { olds.insert(Int64.random(in: 1...size, using: &rng)) }
                var tree = Cases.Tree(size: size, root: root, inclusion: [], consistency: [])
                for index in indices.sorted() {
                    let proof = try proofs.inclusionProof(index: index, size: size)
                    #expect(proof == (try reference.inclusionProof(index: index, size: size)))
                    #expect(
                        MerkleVerification.verifyInclusion(
                            leafHash: .leaf(leafData(index)), index: index, size: size, proof: proof, root: root))
                    tree.inclusion.append(.init(index: index, proof: proof))
                }
                for old in olds.sorted() {
                    let oldRoot = try proofs.root(size: old)
                    let proof = try proofs.consistencyProof(from: old, to: size)
                    #expect(
                        MerkleVerification.verifyConsistency(
                            oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: root, proof: proof))
                    if old < size {
                        // The same proof cannot link another old root.
                        #expect(
                            !MerkleVerification.verifyConsistency(
                                oldSize: old, newSize: size, oldRoot: .leaf([1]), newRoot: root, proof: proof))
                    }
                    tree.consistency.append(.init(old: old, oldRoot: oldRoot, proof: proof))
                }
                cases.trees.append(tree)
            }
        }
        return cases
    }

    /// A proof needs O(log n) stored nodes: counted through a source that records its lookups.
    @Test func aProofReadsLogarithmicallyManyNodes() throws {
        final class CountingSource: MerkleNodeSource {
            let tree: InMemoryMerkleTree
            var reads = 0
            init(_ tree: InMemoryMerkleTree) { self.tree = tree }
            func node(level: Int, index: Int64) throws -> MerkleHash {
                reads += 1
                return try tree.node(level: level, index: index)
            }
        }
        var tree = InMemoryMerkleTree()
        for index in 0..<Int64(35_041) { tree.append(.leaf(Self.leafData(index))) }
        let source = CountingSource(tree)
        let proofs = MerkleProofs(source: source)
        // ⌈log2 35,041⌉ = 16: a root folds at most 16 subtrees, a proof reads at most twice that.
        _ = try proofs.root(size: 35_041)
        #expect(source.reads <= 16)
        for index: Int64 in [0, 17_000, 35_040] {
            source.reads = 0
            _ = try proofs.inclusionProof(index: index, size: 35_041)
            #expect(source.reads <= 2 * 16, "inclusion of \(index): \(source.reads) reads")
        }
        for old: Int64 in [1, 1_000, 32_768, 35_000] {
            source.reads = 0
            _ = try proofs.consistencyProof(from: old, to: 35_041)
            #expect(source.reads <= 3 * 16, "consistency from \(old): \(source.reads) reads")
        }
    }

    /// Checkpoints of a settled ledger: Python recomputes the root from the transactions' canonical
    /// bytes and checks the Ed25519 signed note with the public key alone.
    @Test func signedCheckpointsVerifyInAnIndependentImplementation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let village = try await makeVillageStore(at: directory.path("village.sqlite"), households: 56)
        let ledger = SQLiteLedgerStore(store: village)
        let key = LedgerSigningKey()
        var checkpoints: [LedgerCheckpoint] = []
        for round in 0..<3 {
            for interval in (round * 7)..<(round * 7 + 5 + round) {
                _ = try settle(try VillageFixture.settlementInput(interval: interval), into: ledger)
            }
            checkpoints.append(try ledger.makeCheckpoint(key: key, time: januaryFirst + Int64(round) * 86_400))
        }
        let transactions = try ledger.allTransactions()
        #expect(checkpoints.last?.treeSize == Int64(transactions.count))
        #expect(try ledger.checkpoints() == checkpoints)
        for checkpoint in checkpoints { try checkpoint.verify(publicKey: key.publicKey) }
        let cases = Cases(
            leaves: transactions.map { Data($0.canonicalEncoding).base64EncodedString() },
            checkpoints: checkpoints.map {
                .init(note: $0.signedNote, publicKey: key.publicKey.base64, size: $0.treeSize)
            })
        let (status, output) = try Self.runPeer(cases, in: directory)
        #expect(status == 0, "\(output)")
        #expect(output.contains("\"failureCount\": 0"), "\(output)")

        // Another key, or a changed field, does not verify.
        #expect(throws: LedgerCheckpointError.self) {
            try checkpoints[0].verify(publicKey: LedgerSigningKey().publicKey)
        }
        var altered = checkpoints[1]
        altered.treeSize -= 1
        #expect(throws: LedgerCheckpointError.self) { try altered.verify(publicKey: key.publicKey) }
    }
}
