import DeviceProfiles
import Foundation
import Modbus
import TestKit
import Testing

/// Reading devices through their profiles: from our server and from an independent pymodbus one.
@Suite(.serialized) struct DeviceReaderTests {
    let library = try! ProfileLibrary(directory: ProfileLoadingTests.metersDirectory)

    func client(port: Int, unit: Int = 1) throws -> ModbusClient {
        try ModbusClient(configuration: .init(transport: .tcp(host: "127.0.0.1", port: port), unitID: unit))
    }

    @Test func sdm630ReadsWithUnits() throws {
        let profile = try library.profile("sdm630")
        var builder = DeviceImageBuilder(profile: profile)
        try builder.set("import_energy", to: 1234.5)
        try builder.set("voltage_l1", to: 231.0)
        try builder.set("total_power", to: -1500)
        let server = ModbusTCPServer()
        server.addUnit(1, space: builder.space).load(builder.image)
        try server.start()
        defer { server.stop() }
        let reading = try DeviceReader(profile: profile, client: client(port: server.port)).read()
        #expect(reading.value(semantic: "energy.import") == 1234.5)
        #expect(reading.value(semantic: "voltage.l1") == 231.0)
        #expect(reading.value(semantic: "power.active") == -1500)
        #expect(reading.fields.first { $0.semantic == "energy.import" }?.unit == "kWh")
    }

    @Test func mbusGatewayAppliesDecimalExponents() throws {
        let profile = try library.profile("mbus-gateway")
        var builder = DeviceImageBuilder(profile: profile)
        try builder.set("water_exponent", to: -3)
        try builder.set("water_volume", to: 12.345)  // m3, stored as 12345 litres
        try builder.set("heating_exponent", to: 0)
        try builder.set("heating_energy", to: 5_400_000)
        let server = ModbusTCPServer()
        server.addUnit(4, space: builder.space).load(builder.image)
        try server.start()
        defer { server.stop() }
        let reading = try DeviceReader(profile: profile, client: client(port: server.port, unit: 4)).read()
        #expect(reading.value(named: "water_volume").map { ($0 * 1000).rounded() } == 12345)
        #expect(reading.value(semantic: "heat.energy") == 5_400_000)
    }

    /// The chain walk must follow each model's announced length: model 1 is 66 long in the
    /// specification but 65 on some inverters, which moves every later model by one register.
    @Test(arguments: [65, 66])
    func sunSpecInverterFromPymodbus(commonModelLength: Int) throws {
        let profile = try library.profile("sunspec-inverter")
        var builder = DeviceImageBuilder(profile: profile, modelLengths: [1: commonModelLength])
        try builder.set("W_SF", to: -1)
        try builder.set("W", to: 3210.7)
        try builder.set("WH_SF", to: 0)
        try builder.set("WH", to: 9_876_543)
        try builder.set("SN", text: "INV-0042")
        try builder.set("St", to: 4)
        let holding = builder.image.runs(table: .holding)
        try #require(holding.count == 1)
        let spec: [String: Any] = [
            "units": ["1": ["hr": ["start": holding[0].address, "values": holding[0].words.map(Int.init)]]]
        ]
        let directory = try TestFiles.temporaryDirectory()
        let specFile = directory.appendingPathComponent("sunspec.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: specFile)
        let port = Loopback.freePort()
        let peer = try PeerProcess("python3", [TestFiles.peer("pymodbus_server.py"), String(port), specFile.path])
        defer { peer.terminate() }
        try #require(Loopback.waitUntilListening(port: port))

        let reading = try DeviceReader(profile: profile, client: client(port: port)).read()
        #expect(reading.sunSpec?.models.map(\.id) == [1, 103])
        #expect(reading.sunSpec?.models[1].start == 40000 + 2 + 2 + commonModelLength)
        #expect(reading.value(semantic: "power.active").map { ($0 * 10).rounded() } == 32107)
        #expect(reading.value(semantic: "energy.generated") == 9_876_543)
        #expect(reading.fields.first { $0.name == "SN" }?.text == "INV-0042")
        #expect(reading.value(semantic: "inverter.state") == 4)
    }

    @Test func notImplementedValuesStayUnknown() throws {
        let profile = try library.profile("sunspec-meter")
        var builder = DeviceImageBuilder(profile: profile)
        try builder.set("TotWh_SF", to: 0)
        try builder.set("TotWhImp", to: nil)  // acc32 0 = not implemented
        try builder.set("W_SF", to: nil)  // unknown scale factor makes W unknown too
        try builder.set("W", to: 100)
        let server = ModbusTCPServer()
        server.addUnit(1, space: builder.space).load(builder.image)
        try server.start()
        defer { server.stop() }
        let reading = try DeviceReader(profile: profile, client: client(port: server.port)).read()
        #expect(reading.value(semantic: "energy.import") == nil)
        #expect(reading.value(semantic: "power.active") == nil)
    }

    @Test func missingSunSpecMarkerIsATypedError() throws {
        let server = ModbusTCPServer()
        server.addUnit(1, space: RegisterSpace(holdingRegisters: 0..<100))
        try server.start()
        defer { server.stop() }
        let error = #expect(throws: ModbusError.self) {
            try DeviceReader(profile: library.profile("sunspec-inverter"), client: client(port: server.port)).read()
        }
        #expect(error?.code == .badData)
        #expect(error?.message.contains("SunS") == true)
    }
}
