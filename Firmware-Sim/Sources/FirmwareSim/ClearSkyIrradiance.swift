import Foundation

/// Irradiance on a horizontal surface, split into the beam and diffuse parts a tilted array needs.
package struct Irradiance: Sendable, Hashable {
    /// Global horizontal irradiance, W/m².
    package var globalHorizontal: Double
    /// Direct normal irradiance, W/m².
    package var directNormal: Double
    /// Diffuse horizontal irradiance, W/m².
    package var diffuseHorizontal: Double

    package static let zero = Irradiance(globalHorizontal: 0, directNormal: 0, diffuseHorizontal: 0)
}

/// Clear-sky irradiance and its reduction by clouds. Haurwitz for the global value and Meinel's
/// air-mass attenuation for the beam: simple, smooth and within ~10 % of measured clear days, which
/// the seeded cloud cover dominates anyway.
package enum ClearSkyIrradiance {
    package static let solarConstant = 1361.0
    /// East-Asian haze and aerosols dim even a cloudless sky compared with the clean-air models.
    package static let hazeFactor = 0.92

    /// Cloudless sky for a sun position.
    package static func clearSky(_ sun: SunPosition) -> Irradiance {
        guard sun.cosZenith > 0.01 else { return .zero }
        let global = hazeFactor * 1098 * sun.cosZenith * exp(-0.057 / sun.cosZenith)
        let airMass = 1 / (sun.cosZenith + 0.50572 * pow(96.07995 - acos(sun.cosZenith) * 180 / .pi, -1.6364))
        let beam = hazeFactor * solarConstant * sun.eccentricityFactor * pow(0.7, pow(airMass, 0.678))
        let beamHorizontal = min(beam * sun.cosZenith, global * 0.92)
        return Irradiance(
            globalHorizontal: global, directNormal: beamHorizontal / sun.cosZenith,
            diffuseHorizontal: global - beamHorizontal)
    }

    /// The sky under a cloud cover fraction (0 clear ... 1 overcast) by Kasten–Czeplak; clouds take
    /// the beam first and turn part of it into diffuse light.
    package static func cloudy(_ clear: Irradiance, cloudCover: Double, cosZenith: Double) -> Irradiance {
        guard clear.globalHorizontal > 0 else { return .zero }
        let cover = max(0, min(1, cloudCover))
        let clearSkyIndex = 1 - 0.75 * pow(cover, 3.4)
        let global = clear.globalHorizontal * clearSkyIndex
        let beamShare = max(0, 1 - cover * 1.15)
        let beamHorizontal = min(clear.directNormal * cosZenith * beamShare, global)
        return Irradiance(
            globalHorizontal: global,
            directNormal: cosZenith > 0.01 ? beamHorizontal / cosZenith : 0,
            diffuseHorizontal: global - beamHorizontal)
    }
}
