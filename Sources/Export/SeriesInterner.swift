import GRDBSQLite

/// Maps the (owner kind, owner id, channel) text columns of an interval row to a small series
/// number without building a `String` per row: the export reads tens of millions of rows whose
/// identifying columns repeat a few hundred distinct values.
final class SeriesInterner {
    struct Series {
        let ownerKind: String
        let ownerId: String
        let channel: String
        /// The unit number for household owners.
        let householdId: String?
        /// Owner id as it appears in the export (pseudonym when pseudonymising).
        let ownerLabel: String
        let isVolume: Bool
        let included: Bool
    }

    private(set) var series: [Series] = []
    /// Raw key bytes per series, to confirm a hash match.
    private var keys: [[UInt8]] = []
    private var byHash: [UInt64: [Int]] = [:]
    private let makeSeries: (String, String, String) -> Series

    init(settings: ExportSettings) {
        let identifiers = settings.identifiers
        makeSeries = { kind, id, channel in
            let householdId = kind == "household" ? id : nil
            return Series(
                ownerKind: kind, ownerId: id, channel: channel, householdId: householdId,
                ownerLabel: householdId != nil ? identifiers.household(id) : identifiers.device(id),
                isVolume: Channels.isVolume(channel),
                included: settings.includes(householdId: householdId))
        }
    }

    /// The series number of the current row of `statement` (text columns 0, 1, 2).
    @inline(__always)
    func index(of statement: OpaquePointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var lengths: (Int32, Int32, Int32) = (0, 0, 0)
        for column in Int32(0)..<3 {
            let length = sqlite3_column_bytes(statement, column)
            if let text = sqlite3_column_text(statement, column) {
                for offset in 0..<Int(length) {
                    hash = (hash ^ UInt64(text[offset])) &* 0x100_0000_01b3
                }
            }
            hash = (hash ^ 0xFF) &* 0x100_0000_01b3
            switch column {
            case 0: lengths.0 = length
            case 1: lengths.1 = length
            default: lengths.2 = length
            }
        }
        if let candidates = byHash[hash] {
            for candidate in candidates where matches(keys[candidate], statement, lengths) { return candidate }
        }
        return insert(statement, hash: hash)
    }

    private func matches(_ key: [UInt8], _ statement: OpaquePointer, _ lengths: (Int32, Int32, Int32)) -> Bool {
        guard key.count == Int(lengths.0 + lengths.1 + lengths.2) + 3 else { return false }
        var position = 0
        for column in Int32(0)..<3 {
            let length = Int(sqlite3_column_bytes(statement, column))
            if let text = sqlite3_column_text(statement, column) {
                for offset in 0..<length where key[position + offset] != text[offset] { return false }
            }
            position += length
            guard key[position] == 0xFF else { return false }
            position += 1
        }
        return true
    }

    private func insert(_ statement: OpaquePointer, hash: UInt64) -> Int {
        var key: [UInt8] = []
        var texts: [String] = []
        for column in Int32(0)..<3 {
            let length = Int(sqlite3_column_bytes(statement, column))
            var bytes: [UInt8] = []
            if let text = sqlite3_column_text(statement, column) {
                bytes = Array(UnsafeBufferPointer(start: text, count: length))
            }
            key += bytes
            key.append(0xFF)
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        let index = series.count
        series.append(makeSeries(texts[0], texts[1], texts[2]))
        keys.append(key)
        byHash[hash, default: []].append(index)
        return index
    }
}

/// What the store's channel names imply about units.
enum Channels {
    /// Volume channels (`water.volume`, `hotwater.volume`) are litres; every other interval channel is Wh.
    static func isVolume(_ channel: String) -> Bool { channel.hasSuffix(".volume") }

    static func qualityName(rank: Int32) -> String? {
        switch rank {
        case 0: "missing"
        case 1: "estimated"
        case 2: "measured"
        default: nil
        }
    }
}
