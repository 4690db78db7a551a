import Crypto
import Foundation

/// The Ed25519 key that signs the ledger's checkpoints, kept by the operator.
///
/// On disk it is one line: the base64 of the 32-byte private key (the seed of RFC 8032), in a file
/// only its owner may read (0600). The public key, also one base64 line, is what goes on the site
/// file and the notice board: households and auditors verify with it and need nothing else.
public struct LedgerSigningKey: Sendable {
    /// The 32-byte seed (swift-crypto's key types are not `Sendable`, bytes are).
    let seed: [UInt8]
    /// The public half, to verify checkpoints with.
    public let publicKey: LedgerPublicKey

    /// A new random key.
    public init() {
        let key = Curve25519.Signing.PrivateKey()
        seed = Array(key.rawRepresentation)
        publicKey = LedgerPublicKey(raw: Array(key.publicKey.rawRepresentation))
    }

    /// The key of a 32-byte seed.
    public init(seed: [UInt8]) throws(LedgerKeyError) {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw LedgerKeyError(subject: "signing key", message: "not a 32-byte Ed25519 private key")
        }
        self.seed = seed
        publicKey = LedgerPublicKey(raw: Array(key.publicKey.rawRepresentation))
    }

    /// The file's text: one base64 line.
    public var fileText: String { Data(seed).base64EncodedString() + "\n" }

    /// Reads a key file written by ``write(to:)``; refuses a file that others may read, because a
    /// key anyone on the machine could copy proves nothing.
    public init(contentsOfFile path: String) throws(LedgerKeyError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerKeyError(subject: path, message: "cannot read the signing key file")
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        {
            throw LedgerKeyError(
                subject: path,
                message: "signing key file is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let seed = Data(base64Encoded: text), seed.count == 32 else {
            throw LedgerKeyError(
                subject: path,
                message: "not a ledger signing key (expected one line: the base64 of a 32-byte Ed25519 private key)")
        }
        do {
            try self.init(seed: Array(seed))
        } catch {
            throw LedgerKeyError(subject: path, message: error.message)
        }
    }

    /// Writes the key to a new file created with mode 0600; refuses to overwrite an existing file.
    public func write(to path: String) throws(LedgerKeyError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason =
                errno == EEXIST ? "already exists; refusing to overwrite a key" : String(cString: strerror(errno))
            throw LedgerKeyError(subject: path, message: reason)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(fileText.utf8))
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(path)
            throw LedgerKeyError(subject: path, message: "cannot write the key: \(error.localizedDescription)")
        }
    }

    func signature(for message: [UInt8]) throws -> [UInt8] {
        Array(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message))
    }
}

/// The public key that verifies the ledger's checkpoints.
public struct LedgerPublicKey: Hashable, Sendable {
    /// The 32 raw bytes, checked to be a valid Ed25519 public key.
    let raw: [UInt8]

    init(raw: [UInt8]) { self.raw = raw }

    /// The key from its base64 text (32 raw bytes).
    public init(base64: String) throws(LedgerKeyError) {
        let text = base64.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32,
            (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
        else {
            throw LedgerKeyError(
                subject: "public key", message: "not the base64 of a 32-byte Ed25519 public key: \"\(text.prefix(60))\""
            )
        }
        self.raw = Array(raw)
    }

    /// `argument` is either the base64 key itself or a file holding it.
    public init(argument: String) throws(LedgerKeyError) {
        if FileManager.default.fileExists(atPath: argument) {
            guard let data = FileManager.default.contents(atPath: argument) else {
                throw LedgerKeyError(subject: argument, message: "cannot read the public key file")
            }
            do {
                try self.init(base64: String(decoding: data, as: UTF8.self))
            } catch {
                throw LedgerKeyError(subject: argument, message: error.message)
            }
        } else {
            try self.init(base64: argument)
        }
    }

    public var base64: String { Data(raw).base64EncodedString() }

    /// The signed-note key id of this key under `name`: the first 4 bytes of
    /// SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), 0x01 naming the Ed25519 algorithm.
    public func keyID(name: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0a, 0x01])
        hasher.update(data: raw)
        return Array(hasher.finalize().prefix(4))
    }

    func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// A key that cannot be read, written or used: names the file (or argument) and what is wrong,
/// never the key's content.
public struct LedgerKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    public var subject: String
    public var message: String

    public init(subject: String, message: String) {
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(subject): \(message)" }
}
