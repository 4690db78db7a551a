import Modbus

/// Registers read from (or to be served by) a device, by table and address.
public struct RegisterImage: Sendable, Hashable {
    private var tables: [RegisterTable: [Int: UInt16]] = [:]

    public init() {}

    public mutating func store(_ words: [UInt16], table: RegisterTable, at address: Int) {
        for (offset, word) in words.enumerated() { tables[table, default: [:]][address + offset] = word }
    }

    /// The registers at `address`, or nil if any of them was not read.
    public func words(table: RegisterTable, at address: Int, count: Int) -> [UInt16]? {
        guard let table = tables[table] else { return nil }
        var words: [UInt16] = []
        words.reserveCapacity(count)
        for index in address..<(address + count) {
            guard let word = table[index] else { return nil }
            words.append(word)
        }
        return words
    }

    /// Contiguous runs of stored registers, for loading an image into a server's bank.
    public func runs(table: RegisterTable) -> [(address: Int, words: [UInt16])] {
        guard let stored = tables[table] else { return [] }
        var runs: [(address: Int, words: [UInt16])] = []
        for address in stored.keys.sorted() {
            if let last = runs.last, last.address + last.words.count == address {
                runs[runs.count - 1].words.append(stored[address]!)
            } else {
                runs.append((address, [stored[address]!]))
            }
        }
        return runs
    }
}
