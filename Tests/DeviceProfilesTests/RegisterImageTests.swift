import DeviceProfiles
import Modbus
import TestKit
import Testing

/// The register image kept as runs answers exactly as a map of single registers would.
@Suite struct RegisterImageTests {
    @Test(arguments: 0..<20) func runsAnswerAsSingleRegistersWould(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var image = RegisterImage()
        var model: [RegisterTable: [Int: UInt16]] = [:]
        for _ in 0..<40 {
            let table: RegisterTable = Bool.random(using: &rng) ? .holding : .input
            let address = Int.random(in: 0..<120, using: &rng)
            let count = Int.random(in: 1...12, using: &rng)
            let words = (0..<count).map { _ in UInt16.random(in: 0...UInt16.max, using: &rng) }
            image.store(words, table: table, at: address)
            for (offset, word) in words.enumerated() { model[table, default: [:]][address + offset] = word }
        }
        for table in [RegisterTable.holding, .input] {
            let stored = model[table] ?? [:]
            for address in 0..<140 {
                for count in 1...4 {
                    let expected = (address..<(address + count)).map { stored[$0] }
                    let answer = image.words(table: table, at: address, count: count).map(Array.init)
                    if expected.contains(where: { $0 == nil }) {
                        #expect(answer == nil, "table \(table) registers \(address)+\(count)")
                    } else {
                        #expect(answer == expected.map { $0! }, "table \(table) registers \(address)+\(count)")
                    }
                }
            }
            // The runs are the registers stored, sorted, maximal.
            let runs = image.runs(table: table)
            let flattened = runs.flatMap { run in run.words.enumerated().map { (run.address + $0.offset, $0.element) } }
            #expect(flattened.map(\.0) == stored.keys.sorted())
            #expect(flattened.map(\.1) == stored.keys.sorted().map { stored[$0]! })
            for (left, right) in zip(runs, runs.dropFirst()) {
                #expect(
                    left.address + left.words.count < right.address,
                    "adjacent runs \(left.address) and \(right.address)")
            }
        }
    }

    @Test func equalRegistersMakeEqualImagesWhateverTheOrderOfStores() {
        var oneBlock = RegisterImage()
        oneBlock.store([1, 2, 3, 4], table: .holding, at: 10)
        var twoBlocks = RegisterImage()
        twoBlocks.store([3, 4], table: .holding, at: 12)
        twoBlocks.store([9, 2], table: .holding, at: 10)
        twoBlocks.store([1], table: .holding, at: 10)
        #expect(oneBlock == twoBlocks)
    }
}
