import Foundation
import VillageCore

/// Stateless, seeded pseudo-randomness: every value is a pure function of (seed, stream, index).
/// The simulator asks for "the cloud cover of day 173" rather than "the next random number", so a
/// run is identical for a seed no matter how time is stepped, and skipping ahead costs nothing.
package struct SeededNoise: Sendable, Hashable {
    package let seed: UInt64

    package init(seed: UInt64) {
        self.seed = seed
    }

    /// Uniform in [0, 1).
    @inline(__always)
    package func unit(_ stream: UInt64, _ index: Int64) -> Double {
        let bits = SeededGenerator.mix(
            seed &+ SeededGenerator.mix(stream &+ 0x9E37_79B9_7F4A_7C15) &+ UInt64(bitPattern: index)
                &* 0xD1B5_4A32_D192_ED03)
        return Double(bits >> 11) * 0x1.0p-53
    }

    /// Uniform in [-1, 1).
    @inline(__always)
    package func signed(_ stream: UInt64, _ index: Int64) -> Double {
        unit(stream, index) * 2 - 1
    }

    /// Approximately standard normal (sum of four uniforms, rescaled): cheap and bounded, which is
    /// what a physical quantity wants.
    package func normal(_ stream: UInt64, _ index: Int64) -> Double {
        let sum =
            unit(stream, index * 4) + unit(stream, index * 4 + 1) + unit(stream, index * 4 + 2)
            + unit(stream, index * 4 + 3)
        return (sum - 2) * 1.732_050_807_568_877
    }

    /// A value that wanders smoothly: seeded values at every `period` index, cosine-interpolated in
    /// between. Used for weather anomalies that must not jump at midnight.
    package func smooth(_ stream: UInt64, position: Double) -> Double {
        let lower = position.rounded(.down)
        let fraction = position - lower
        let a = signed(stream, Int64(lower))
        let b = signed(stream, Int64(lower) + 1)
        let weight = (1 - cosPi(fraction)) / 2
        return a + (b - a) * weight
    }

    /// FNV-1a of a string: a stream id that is stable across processes (Swift's `Hasher` is not).
    package static func stream(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

@inline(__always)
func cosPi(_ x: Double) -> Double {
    cos(x * .pi)
}
