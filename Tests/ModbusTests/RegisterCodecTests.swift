import TestKit
import Testing

@testable import Modbus

@Suite struct RegisterCodecTests {
    @Test func float32InEveryWordOrder() throws {
        // 230.5 is 0x43668000: bytes A=43 B=66 C=80 D=00.
        let expected: [WordOrder: [UInt16]] = [
            .abcd: [0x4366, 0x8000], .cdab: [0x8000, 0x4366], .badc: [0x6643, 0x0080], .dcba: [0x0080, 0x6643],
        ]
        for (order, registers) in expected {
            #expect(try RegisterCodec.encode(.float(230.5), as: .float32, order: order) == registers)
            #expect(try RegisterCodec.decode(registers, as: .float32, order: order) == .float(230.5))
        }
    }

    @Test func signedAndUnsignedIntegers() throws {
        #expect(try RegisterCodec.decode([0xFFFE], as: .i16) == .integer(-2))
        #expect(try RegisterCodec.decode([0xFFFE], as: .u16) == .unsigned(65534))
        #expect(try RegisterCodec.decode([0x0001, 0x0002], as: .u32) == .unsigned(65538))
        #expect(try RegisterCodec.decode([0x0002, 0x0001], as: .u32, order: .cdab) == .unsigned(65538))
        #expect(try RegisterCodec.decode([0xFFFF, 0xFFFF, 0xFFFF, 0xFFFD], as: .i64) == .integer(-3))
        #expect(try RegisterCodec.decode([0, 0, 0x0001, 0x0000], as: .u64) == .unsigned(65536))
    }

    @Test func sunSpecNotImplementedMarkers() throws {
        #expect(try RegisterCodec.decode([0x8000], as: .i16) == .notImplemented)
        #expect(try RegisterCodec.decode([0x8000], as: .sunssf) == .notImplemented)
        #expect(try RegisterCodec.decode([0xFFFF], as: .enum16) == .notImplemented)
        #expect(try RegisterCodec.decode([0, 0], as: .acc32) == .notImplemented)
        #expect(try RegisterCodec.decode([0xFFFF, 0xFFFF], as: .u32) == .notImplemented)
        #expect(try RegisterCodec.decode([0x7FC0, 0x0000], as: .float32) == .notImplemented)
        for type in [RegisterType.i16, .sunssf, .enum16, .acc32, .u32, .float32] {
            let encoded = try RegisterCodec.encode(.notImplemented, as: type)
            #expect(try RegisterCodec.decode(encoded, as: type) == .notImplemented, "\(type)")
        }
    }

    @Test func stringsArePaddedAndTrimmed() throws {
        let encoded = try RegisterCodec.encode(.string("SunS"), as: .string(registers: 4))
        #expect(encoded == [0x5375, 0x6E53, 0, 0])
        #expect(try RegisterCodec.decode(encoded, as: .string(registers: 4)) == .string("SunS"))
        #expect(try RegisterCodec.decode([0x4142, 0x2020], as: .string(registers: 2)) == .string("AB"))
    }

    @Test func scaleFactorsApplyPowersOfTen() {
        #expect(RegisterValue.integer(12345).scaled(powerOfTen: -2) == 123.45)
        #expect(RegisterValue.unsigned(7).scaled(powerOfTen: 3) == 7000)
        #expect(RegisterValue.notImplemented.scaled(powerOfTen: 1) == nil)
    }

    @Test func valuesThatDoNotFitAreRefused() {
        #expect(throws: RegisterCodec.CodecError.self) { try RegisterCodec.encode(.integer(70000), as: .u16) }
        #expect(throws: RegisterCodec.CodecError.self) { try RegisterCodec.encode(.integer(-1), as: .u32) }
        #expect(throws: RegisterCodec.CodecError.self) { try RegisterCodec.decode([1], as: .u32) }
    }

    /// Every integer type and word order round-trips random values (seeded, so a failure repeats).
    @Test(arguments: WordOrder.allCases)
    func integersRoundTrip(order: WordOrder) throws {
        var generator = SeededGenerator(seed: 42)
        let types: [(RegisterType, ClosedRange<Int64>)] = [
            (.u16, 0...65535), (.i16, -32767...32767), (.u32, 0...Int64(UInt32.max - 1)),
            (.i32, Int64(Int32.min + 1)...Int64(Int32.max)), (.i64, Int64.min...Int64.max),
        ]
        for (type, range) in types {
            for _ in 0..<500 {
                let value = Int64.random(in: range, using: &generator)
                let registers = try RegisterCodec.encode(.integer(value), as: type, order: order)
                #expect(registers.count == type.registerCount)
                let decoded = try RegisterCodec.decode(registers, as: type, order: order)
                #expect(decoded.number.map { Int64($0) } == value || decoded == .integer(value), "\(type) \(value)")
            }
        }
    }

    @Test(arguments: WordOrder.allCases)
    func floatsRoundTrip(order: WordOrder) throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1000 {
            let value = Double(Float.random(in: -1e6...1e6, using: &generator))
            let registers = try RegisterCodec.encode(.float(value), as: .float32, order: order)
            #expect(try RegisterCodec.decode(registers, as: .float32, order: order) == .float(value))
        }
    }

    /// The allocation-free decoding path gives the same bits as assembling the value byte by byte
    /// in the order's big-endian byte sequence, for every width and every order.
    @Test(arguments: WordOrder.allCases)
    func rawValueMatchesTheByteAssembly(order: WordOrder) {
        var rng = SeededGenerator(seed: 2026)
        for count in 1...4 {
            for _ in 0..<500 {
                let registers = (0..<count).map { _ in UInt16.random(in: .min ... .max, using: &rng) }
                let bytes = order.bigEndianBytes(fromRegisters: registers)
                let expected = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                #expect(order.rawValue(fromRegisters: registers) == expected, "\(order) \(registers)")
                #expect(order.rawValue(fromRegisters: registers[...]) == expected)
            }
        }
    }
}
