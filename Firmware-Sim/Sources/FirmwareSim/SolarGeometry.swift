import Foundation
import VillageCore

/// Where the sun stands, seen from the site. Accurate to a fraction of a degree (NOAA's simplified
/// algorithm), which is far below what clouds do to PV output.
package struct SunPosition: Sendable, Hashable {
    /// Cosine of the zenith angle; <= 0 means the sun is below the horizon.
    package var cosZenith: Double
    /// Azimuth in radians, clockwise from north.
    package var azimuthRad: Double
    /// Sun-earth distance correction of the extraterrestrial irradiance (about ±3.3 %).
    package var eccentricityFactor: Double

    package init(cosZenith: Double, azimuthRad: Double, eccentricityFactor: Double) {
        self.cosZenith = cosZenith
        self.azimuthRad = azimuthRad
        self.eccentricityFactor = eccentricityFactor
    }

    /// Unit vector towards the sun in (east, north, up).
    package var direction: (east: Double, north: Double, up: Double) {
        let sinZenith = (1 - cosZenith * cosZenith).squareRoot()
        return (sinZenith * sin(azimuthRad), sinZenith * cos(azimuthRad), cosZenith)
    }
}

/// Computes sun positions for one latitude/longitude.
package struct SolarGeometry: Sendable {
    package let latitudeRad: Double
    package let longitudeDeg: Double

    package init(latitudeDeg: Double, longitudeDeg: Double) {
        self.latitudeRad = latitudeDeg * .pi / 180
        self.longitudeDeg = longitudeDeg
    }

    /// Sun position at a UTC instant (Unix seconds).
    package func position(at unixSeconds: Int64) -> SunPosition {
        let days = Double(unixSeconds) / Double(TimeGrid.daySeconds)
        let dayOfYear = (days - 365.25 * ((days / 365.25).rounded(.down)))  // fractional day in the solar year
        let gamma = 2 * Double.pi / 365.25 * dayOfYear
        let equationOfTimeMinutes =
            229.18
            * (0.000075 + 0.001868 * cos(gamma) - 0.032077 * sin(gamma)
                - 0.014615 * cos(2 * gamma) - 0.040849 * sin(2 * gamma))
        let declination =
            0.006918 - 0.399912 * cos(gamma) + 0.070257 * sin(gamma)
            - 0.006758 * cos(2 * gamma) + 0.000907 * sin(2 * gamma)
            - 0.002697 * cos(3 * gamma) + 0.00148 * sin(3 * gamma)
        let eccentricity =
            1.000110 + 0.034221 * cos(gamma) + 0.001280 * sin(gamma)
            + 0.000719 * cos(2 * gamma) + 0.000077 * sin(2 * gamma)
        let utcMinutes = Double(floorModulo(unixSeconds, TimeGrid.daySeconds)) / 60
        let solarMinutes = utcMinutes + equationOfTimeMinutes + 4 * longitudeDeg
        let hourAngle = (solarMinutes / 4 - 180) * .pi / 180
        let cosZenith = sin(latitudeRad) * sin(declination) + cos(latitudeRad) * cos(declination) * cos(hourAngle)
        let clamped = max(-1, min(1, cosZenith))
        let east = -cos(declination) * sin(hourAngle)
        let north = cos(latitudeRad) * sin(declination) - sin(latitudeRad) * cos(declination) * cos(hourAngle)
        var azimuth = atan2(east, north)
        if azimuth < 0 { azimuth += 2 * .pi }
        return SunPosition(cosZenith: clamped, azimuthRad: azimuth, eccentricityFactor: eccentricity)
    }
}
