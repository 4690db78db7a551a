import Foundation

/// A signed statement of the ledger's Merkle tree: its size, its root and when it was signed.
///
/// The signed text is a C2SP `tlog-checkpoint` note: the origin (the log's unique name), the tree
/// size and the base64 root, one per line, then the extension line `time <UTC seconds>`. The
/// signature is a C2SP `signed-note` Ed25519 signature over that text including its final
/// newline, identified by the 4-byte key id of (origin, public key). Anyone holding a checkpoint
/// and the public key can hold the operator to it: a later tree must extend it (a consistency
/// proof), and two checkpoints of one size with different roots prove a rewrite.
public struct LedgerCheckpoint: Hashable, Sendable, Codable {
    public var origin: String
    public var treeSize: Int64
    public var rootHash: MerkleHash
    /// UTC Unix seconds when it was signed.
    public var time: Int64
    /// The signer's key id (hex, 4 bytes).
    public var keyID: String
    /// The Ed25519 signature over ``noteBody`` (base64, 64 bytes).
    public var signature: String

    /// The signed text.
    public var noteBody: String { "\(origin)\n\(treeSize)\n\(rootHash.base64)\ntime \(time)\n" }

    /// The checkpoint as a signed note, the form to publish on a notice board.
    public var signedNote: String {
        let keyIDBytes = Self.bytes(hex: keyID) ?? []
        let signatureBytes = Data(base64Encoded: signature).map(Array.init) ?? []
        return noteBody + "\n\u{2014} \(origin) " + Data(keyIDBytes + signatureBytes).base64EncodedString() + "\n"
    }

    /// Signs (size, root, time) for `origin`.
    public init(origin: String, treeSize: Int64, rootHash: MerkleHash, time: Int64, key: LedgerSigningKey) throws {
        guard !origin.isEmpty, !origin.contains("\n"), !origin.contains(" ") else {
            throw LedgerKeyError(subject: "origin", message: "a checkpoint origin is one word: \"\(origin)\"")
        }
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.time = time
        keyID = Self.hex(key.publicKey.keyID(name: origin))
        signature = ""
        signature = Data(try key.signature(for: Array(noteBody.utf8))).base64EncodedString()
    }

    /// A checkpoint as stored, to be checked with ``verify(publicKey:)``.
    public init(origin: String, treeSize: Int64, rootHash: MerkleHash, time: Int64, keyID: String, signature: String) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.time = time
        self.keyID = keyID
        self.signature = signature
    }

    /// Checks the signature and the key id against `publicKey`.
    public func verify(publicKey: LedgerPublicKey) throws(LedgerCheckpointError) {
        guard keyID == Self.hex(publicKey.keyID(name: origin)) else {
            throw LedgerCheckpointError("checkpoint was signed by key \(keyID), not by the given public key")
        }
        guard let raw = Data(base64Encoded: signature), raw.count == 64,
            publicKey.isValidSignature(Array(raw), for: Array(noteBody.utf8))
        else {
            throw LedgerCheckpointError("checkpoint signature does not verify: the checkpoint was altered or forged")
        }
    }

    /// Reads an exported checkpoint (``LedgerCheckpoint`` as JSON), naming `path` in every error.
    public static func read(path: String) throws(LedgerCheckpointError) -> LedgerCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerCheckpointError("\(path): cannot read the checkpoint file")
        }
        do {
            let checkpoint = try JSONDecoder().decode(LedgerCheckpoint.self, from: data)
            guard checkpoint.treeSize >= 0 else {
                throw LedgerCheckpointError("\(path): treeSize \(checkpoint.treeSize) is negative")
            }
            return checkpoint
        } catch let error as LedgerCheckpointError {
            throw error
        } catch {
            throw LedgerCheckpointError(
                "\(path): not a ledger checkpoint (JSON as `village ledger checkpoint --json` writes): \(Self.reason(error))"
            )
        }
    }

    /// A decoding error in a sentence: the missing or malformed field.
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "field \"\(key.stringValue)\" is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": \(context.debugDescription)"
        default: "\(error)"
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
    }
}

/// A checkpoint that is unreadable, unsigned by the given key, or not extended by the ledger.
public struct LedgerCheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
