import Foundation
import VillageStore

/// How an ``AccumulatorState`` is saved in a checkpoint: a fixed little-endian layout behind a tag
/// byte, since a counter's checkpoint is encoded with every interval it closes, on the collector's
/// hot path, where JSON took longer than the read it recorded. Checkpoints saved as JSON (they start
/// with `{`) still restore.
extension AccumulatorState {
    /// The first byte of the binary layout; JSON starts with `{` (0x7B).
    static let binaryTag: UInt8 = 0x01

    /// The binary form: tag, then the fields in declaration order, optionals behind a flag byte.
    func encoded() -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        func put(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        func put(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        bytes.append(Self.binaryTag)
        put(Int64(version))
        put(Int64(registerBits))
        put(unitsPerCount.numerator)
        put(unitsPerCount.denominator)
        put(intervalSeconds)
        put(utcOffsetSeconds)
        bytes.append((last == nil ? 0 : 1) | (candidate == nil ? 0 : 2))
        if let last {
            put(last.timestamp)
            put(last.count)
            put(last.cumulative)
        }
        put(pendingStart)
        put(pendingStartCumulative)
        bytes.append(UInt8(pendingQuality.rank))
        put(pendingQuality.gapSeconds ?? 0)
        if let candidate {
            put(candidate.timestamp)
            put(candidate.count)
        }
        return Data(bytes)
    }

    /// Reads either form back; throws `DecodingError` for anything else.
    static func decode(_ data: Data) throws -> AccumulatorState {
        guard data.first == binaryTag else { return try JSONDecoder().decode(AccumulatorState.self, from: data) }
        var reader = Reader(bytes: [UInt8](data.dropFirst()))
        let version = Int(try reader.int64())
        let registerBits = Int(try reader.int64())
        let scale = CounterScale(numerator: try reader.int64(), denominator: try reader.int64())
        var state = AccumulatorState(
            version: version, registerBits: registerBits, unitsPerCount: scale, intervalSeconds: try reader.int64(),
            utcOffsetSeconds: try reader.int64())
        let flags = try reader.byte()
        guard flags & ~3 == 0 else { throw reader.corrupt("unknown flags \(flags)") }
        if flags & 1 != 0 {
            state.last = Sample(
                timestamp: try reader.int64(), count: try reader.uint64(), cumulative: try reader.int64())
        }
        state.pendingStart = try reader.int64()
        state.pendingStartCumulative = try reader.int64()
        let rank = try reader.byte()
        let gap = try reader.int64()
        switch rank {
        case 0: state.pendingQuality = .missing(gapSeconds: gap)
        case 1: state.pendingQuality = .estimated(gapSeconds: gap)
        case 2: state.pendingQuality = .measured
        default: throw reader.corrupt("unknown quality \(rank)")
        }
        if flags & 2 != 0 {
            state.candidate = CounterReading(timestamp: try reader.int64(), count: try reader.uint64())
        }
        guard reader.atEnd else { throw reader.corrupt("bytes after the state") }
        return state
    }

    /// Reads the binary layout front to back.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var atEnd: Bool { offset == bytes.count }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw corrupt("the state ends early") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint64() throws -> UInt64 {
            guard offset + 8 <= bytes.count else { throw corrupt("the state ends early") }
            var value: UInt64 = 0
            for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
            offset += 8
            return value
        }

        mutating func int64() throws -> Int64 { Int64(bitPattern: try uint64()) }

        func corrupt(_ message: String) -> DecodingError {
            DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: [], debugDescription: "binary counter state: \(message)"))
        }
    }
}
