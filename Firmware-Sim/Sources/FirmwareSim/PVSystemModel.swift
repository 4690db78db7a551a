import Foundation
import Site

/// One PV array with its inverter: plane-of-array irradiance, cell temperature, DC losses, then an
/// inverter with a load-dependent efficiency that clips at its AC rating.
package struct PVSystemModel: Sendable {
    package let generator: PVGenerator
    /// Normal of the module plane in (east, north, up).
    private let normal: (east: Double, north: Double, up: Double)
    private let cosTilt: Double
    /// Soiling, wiring, mismatch and light-induced degradation.
    package var dcLossFraction = 0.07
    /// Power temperature coefficient of crystalline silicon, per kelvin.
    package var temperatureCoefficient = -0.0037
    /// Cell heating above air per W/m² of plane-of-array irradiance.
    package var cellHeatingKPerWm2 = 0.028
    package var groundAlbedo = 0.2

    package init(generator: PVGenerator) {
        self.generator = generator
        let tilt = generator.tiltDeg * .pi / 180
        let azimuth = generator.azimuthDeg * .pi / 180
        normal = (sin(tilt) * sin(azimuth), sin(tilt) * cos(azimuth), cos(tilt))
        cosTilt = cos(tilt)
    }

    /// Irradiance on the module plane, W/m².
    package func planeOfArray(_ sky: Irradiance, sun: SunPosition) -> Double {
        guard sky.globalHorizontal > 0 else { return 0 }
        let s = sun.direction
        let cosIncidence = max(0, s.east * normal.east + s.north * normal.north + s.up * normal.up)
        let beam = sky.directNormal * cosIncidence
        let diffuse = sky.diffuseHorizontal * (1 + cosTilt) / 2
        let reflected = sky.globalHorizontal * groundAlbedo * (1 - cosTilt) / 2
        return beam + diffuse + reflected
    }

    /// DC power before the inverter, W.
    package func dcPowerW(planeOfArray: Double, airTemperatureC: Double) -> Double {
        guard planeOfArray > 0 else { return 0 }
        let cellTemperature = airTemperatureC + cellHeatingKPerWm2 * planeOfArray
        let thermal = 1 + temperatureCoefficient * (cellTemperature - 25)
        return max(0, generator.peakPowerKWp * planeOfArray * thermal * (1 - dcLossFraction))
    }

    /// AC output, W: self-consumption, linear and resistive losses (97 % at full load, worse at low
    /// load), then clipping at the AC rating.
    package func acPowerW(dcPowerW: Double) -> Double {
        let rated = generator.inverterACPowerKW * 1000
        guard dcPowerW > rated * 0.004, rated > 0 else { return 0 }
        let loss = 0.004 * rated + 0.012 * dcPowerW + 0.012 * dcPowerW * dcPowerW / rated
        return max(0, min(rated, dcPowerW - loss))
    }
}
