import Modbus

/// Registers read from (or to be served by) a device, by table and address.
///
/// Kept as runs of contiguous registers (sorted, disjoint, never adjacent) rather than one entry per
/// register: a device is read in a few blocks, and every decode looks each field up, so a field is
/// a slice of one run instead of a hash lookup per register. Equal images have equal runs.
public struct RegisterImage: Sendable, Hashable {
    private struct Run: Sendable, Hashable {
        var address: Int
        var words: [UInt16]
        var end: Int { address + words.count }
    }

    private var tables: [RegisterTable: [Run]] = [:]

    public init() {}

    /// Stores `words` from `address` on; they replace whatever was stored at the same registers.
    public mutating func store(_ words: [UInt16], table: RegisterTable, at address: Int) {
        guard !words.isEmpty else { return }
        var runs = tables[table] ?? []
        let end = address + words.count
        // The runs that overlap or touch the new words are contiguous in the sorted list: they and
        // the new words become one run, the new words written last.
        guard let first = runs.firstIndex(where: { $0.end >= address }), runs[first].address <= end else {
            let position = runs.firstIndex { $0.address > address } ?? runs.count
            runs.insert(Run(address: address, words: words), at: position)
            tables[table] = runs
            return
        }
        var last = first
        while last + 1 < runs.count, runs[last + 1].address <= end { last += 1 }
        let start = min(address, runs[first].address)
        var merged = [UInt16](repeating: 0, count: max(end, runs[last].end) - start)
        for run in runs[first...last] {
            merged.replaceSubrange((run.address - start)..<(run.end - start), with: run.words)
        }
        merged.replaceSubrange((address - start)..<(end - start), with: words)
        runs.replaceSubrange(first...last, with: [Run(address: start, words: merged)])
        tables[table] = runs
    }

    /// The registers at `address`, or nil if any of them was not read.
    public func words(table: RegisterTable, at address: Int, count: Int) -> ArraySlice<UInt16>? {
        guard let runs = tables[table],
            let run = runs.first(where: { $0.address <= address && address + count <= $0.end })
        else { return nil }
        // A slice of the run, not a copy: its indices are the run's, not from 0.
        let offset = address - run.address
        return run.words[offset..<(offset + count)]
    }

    /// Contiguous runs of stored registers, for loading an image into a server's bank.
    public func runs(table: RegisterTable) -> [(address: Int, words: [UInt16])] {
        (tables[table] ?? []).map { ($0.address, $0.words) }
    }
}
