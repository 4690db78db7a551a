import FirmwareSim
import Foundation
import Site
import Testing

@Suite("Physics models")
struct PhysicsTests {
    let busan = SolarGeometry(latitudeDeg: 35.1, longitudeDeg: 128.9)

    /// At solar noon of the June solstice the sun stands 90 − 35.1 + 23.44 ≈ 78.3° high, due south.
    @Test func sunAtSummerSolsticeNoon() {
        // 2025-06-21 03:25 UTC is about solar noon at 128.9° E.
        var best = SunPosition(cosZenith: -1, azimuthRad: 0, eccentricityFactor: 1)
        var bestTime: Int64 = 0
        for t in stride(from: Int64(1_750_468_000), to: 1_750_482_000, by: 60) {
            let sun = busan.position(at: t)
            if sun.cosZenith > best.cosZenith {
                best = sun
                bestTime = t
            }
        }
        let elevation = 90 - acos(best.cosZenith) * 180 / .pi
        #expect(abs(elevation - 78.3) < 0.7, "elevation \(elevation)")
        #expect(abs(busan.position(at: bestTime).azimuthRad * 180 / .pi - 180) < 5)
    }

    @Test func sunRisesInTheEastAndIsDownAtMidnight() {
        let localMidnight: Int64 = 1_750_431_600  // 2025-06-21 00:00 KST
        #expect(busan.position(at: localMidnight).cosZenith < 0)
        let morning = busan.position(at: localMidnight + 7 * 3600)
        #expect(morning.cosZenith > 0)
        #expect((45...135).contains(morning.azimuthRad * 180 / .pi))
    }

    @Test(arguments: [0.0, 0.3, 0.6, 0.9])
    func cloudsNeverAddLight(cover: Double) {
        for t in stride(from: Int64(1_750_431_600), to: 1_750_518_000, by: 1800) {
            let sun = busan.position(at: t)
            let clear = ClearSkyIrradiance.clearSky(sun)
            let cloudy = ClearSkyIrradiance.cloudy(clear, cloudCover: cover, cosZenith: sun.cosZenith)
            #expect(cloudy.globalHorizontal <= clear.globalHorizontal + 1e-9)
            #expect(cloudy.diffuseHorizontal >= -1e-9)
        }
    }

    @Test func inverterClipsAtItsRatingAndLosesLittleAtFullLoad() {
        let model = PVSystemModel(generator: PVGenerator(peakPowerKWp: 10, inverterACPowerKW: 8))
        #expect(model.acPowerW(dcPowerW: 12_000) == 8_000)
        let efficiency = model.acPowerW(dcPowerW: 7_000) / 7_000
        #expect((0.95...0.985).contains(efficiency))
        #expect(model.acPowerW(dcPowerW: 10) == 0)
    }

    @Test func warmerSourceGivesBetterHeatingCOP() {
        var previous = 0.0
        for source in stride(from: 2.0, through: 25, by: 1) {
            let cop = HeatPumpModel.heatingCOP(sourceC: source, supplyC: 55, carnotEfficiency: 0.45)
            #expect(cop >= previous)
            previous = cop
        }
        #expect((2.2...4.5).contains(HeatPumpModel.heatingCOP(sourceC: 10, supplyC: 55, carnotEfficiency: 0.45)))
        #expect(
            HeatPumpModel.coolingCOP(sinkC: 15, supplyC: 7, carnotEfficiency: 0.45)
                > HeatPumpModel.coolingCOP(sinkC: 28, supplyC: 7, carnotEfficiency: 0.45))
    }

    @Test func winterIsColdAndSummerHotInBusan() {
        let weather = WeatherModel(seed: 1)
        var january = 0.0
        var august = 0.0
        for day in 0..<28 {
            january += weather.airTemperatureC(localDays: Double(20_089 + day) + 0.5, cloudCover: 0.5) / 28  // Jan 2025
            august += weather.airTemperatureC(localDays: Double(20_301 + day) + 0.5, cloudCover: 0.5) / 28  // Aug 2025
        }
        #expect((0...9).contains(january), "January \(january)")
        #expect((23...32).contains(august), "August \(august)")
    }

    @Test func cloudCoverVariesFromDayToDay() {
        let weather = WeatherModel(seed: 42)
        let covers = (20_089..<20_089 + 60).map { weather.dailyCloudCover(localDay: Int64($0)) }
        #expect(covers.allSatisfy { (0...1).contains($0) })
        #expect(covers.contains { $0 < 0.2 })
        #expect(covers.contains { $0 > 0.8 })
    }
}
