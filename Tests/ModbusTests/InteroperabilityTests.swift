import Foundation
import Glibc
import TestKit
import Testing

@testable import Modbus

/// Our client and server against independent Modbus implementations: pymodbus, mbpoll, and a
/// serial line made of a pseudo-terminal pair.
@Suite(.serialized) struct InteroperabilityTests {
    @Test func ourClientReadsIntegersAndFloatsFromPymodbus() throws {
        let temperature = try RegisterCodec.encode(.float(-12.75), as: .float32)
        let energy = try RegisterCodec.encode(.unsigned(123_456_789), as: .u32)
        let swapped = try RegisterCodec.encode(.float(1234.5), as: .float32, order: .cdab)
        let spec: [String: Any] = [
            "units": [
                "1": [
                    "hr": ["start": 100, "values": [7, 0xFFF0] + energy.map(Int.init)],
                    "ir": ["start": 0, "values": (temperature + swapped).map(Int.init)],
                ],
                "3": ["hr": ["start": 0, "values": [33]]],
            ]
        ]
        let directory = try TestFiles.temporaryDirectory()
        let specFile = directory.appendingPathComponent("spec.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: specFile)
        let port = Loopback.freePort()
        let peer = try PeerProcess("python3", [TestFiles.peer("pymodbus_server.py"), String(port), specFile.path])
        defer { peer.terminate() }
        try #require(Loopback.waitUntilListening(port: port), "pymodbus server did not start")

        let client = try ModbusClient(configuration: .init(transport: .tcp(host: "127.0.0.1", port: port)))
        let holding = try client.readHoldingRegisters(at: 100, count: 4)
        #expect(try RegisterCodec.decode(holding[0...], as: .u16) == .unsigned(7))
        #expect(try RegisterCodec.decode(holding[1...], as: .i16) == .integer(-16))
        #expect(try RegisterCodec.decode(holding[2...], as: .u32) == .unsigned(123_456_789))
        let input = try client.readInputRegisters(at: 0, count: 4)
        #expect(try RegisterCodec.decode(input[0...], as: .float32) == .float(-12.75))
        #expect(try RegisterCodec.decode(input[2...], as: .float32, order: .cdab) == .float(1234.5))
        #expect(try client.readHoldingRegisters(at: 0, count: 1, unit: 3) == [33])
        try client.writeRegister(at: 100, value: 99)
        #expect(try client.readHoldingRegisters(at: 100, count: 1) == [99])
    }

    @Test func mbpollReadsFloatsFromOurServer() throws {
        let server = ModbusTCPServer()
        let meter = server.addUnit(1, space: RegisterSpace(inputRegisters: 0..<0x160))
        meter.setInputRegisters(try RegisterCodec.encode(.float(231.25), as: .float32), at: 0)
        meter.setInputRegisters(try RegisterCodec.encode(.float(4321.5), as: .float32), at: 0x48)
        try server.start()
        defer { server.stop() }
        let result = try PeerProcess.run(
            "mbpoll",
            [
                "-m", "tcp", "-p", String(server.port), "-a", "1", "-0", "-t", "3:float", "-B",
                "-r", "0", "-c", "1", "-1", "127.0.0.1",
            ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("231.25"), "\(result.output)")
        let energy = try PeerProcess.run(
            "mbpoll",
            [
                "-m", "tcp", "-p", String(server.port), "-a", "1", "-0", "-t", "3:float", "-B",
                "-r", "72", "-c", "1", "-1", "127.0.0.1",
            ])
        #expect(energy.output.contains("4321.5"), "\(energy.output)")
    }

    @Test func mbpollWritesToOurServer() throws {
        let server = ModbusTCPServer()
        let ess = server.addUnit(5, space: RegisterSpace(holdingRegisters: 40000..<40100))
        let writes = LockedBox<[RegisterWrite]>([])
        ess.observeWrites { write in writes.mutate { $0.append(write) } }
        try server.start()
        defer { server.stop() }
        let result = try PeerProcess.run(
            "mbpoll",
            [
                "-m", "tcp", "-p", String(server.port), "-a", "5", "-0", "-t", "4:int", "-B", "-r", "40010",
                "127.0.0.1", "100", "--", "-50",
            ])
        #expect(result.status == 0, "\(result.output)")
        let registers = ess.holdingRegisters(at: 40010, count: 4)
        #expect(try RegisterCodec.decode(registers[0...], as: .i32) == .integer(100))
        #expect(try RegisterCodec.decode(registers[2...], as: .i32) == .integer(-50))
        #expect(writes.value.count == 1)
    }

    @Test func mbpollSeesOurExceptionByName() throws {
        let server = ModbusTCPServer()
        server.addUnit(1, space: RegisterSpace(holdingRegisters: 0..<10))
        server.setFault(.exception(.serverDeviceBusy), unit: 1)
        try server.start()
        defer { server.stop() }
        let result = try PeerProcess.run(
            "mbpoll",
            ["-m", "tcp", "-p", String(server.port), "-a", "1", "-0", "-t", "4", "-r", "0", "-1", "127.0.0.1"])
        #expect(result.output.lowercased().contains("busy"), "\(result.output)")
    }

    @Test func rtuOverAPseudoTerminalPair() throws {
        try LowDescriptors.exclusive { try rtuOverAPseudoTerminalPairBody() }
    }

    private func rtuOverAPseudoTerminalPairBody() throws {
        let line = try PseudoTerminalPair()
        let server = ModbusRTUServer(
            device: line.first, serial: SerialSettings(baudRate: 19200, parity: .even), unitID: 2,
            space: RegisterSpace(holdingRegisters: 0..<10, inputRegisters: 0..<100))
        server.registers.setInputRegisters(try RegisterCodec.encode(.float(50.01), as: .float32), at: 0x46)
        try server.start()
        defer { server.stop() }
        let client = try ModbusClient(
            configuration: .init(
                transport: .rtu(device: line.second, serial: SerialSettings(baudRate: 19200, parity: .even)),
                unitID: 2, responseTimeout: .milliseconds(500), name: "rtu-meter"))
        let words = try client.readInputRegisters(at: 0x46, count: 2)
        #expect(try RegisterCodec.decode(words, as: .float32) == .float(Double(Float(50.01))))
        try client.writeRegisters(at: 2, values: [1, 2, 3])
        #expect(server.registers.holdingRegisters(at: 2, count: 3) == [1, 2, 3])
        // Another unit on the same line stays silent, so its request times out.
        let error = #expect(throws: ModbusError.self) { try client.readInputRegisters(at: 0, count: 1, unit: 9) }
        #expect(error?.code == .timeout)
        // and the line recovers for the right unit afterwards
        #expect(try client.readInputRegisters(at: 0x46, count: 2) == words)
    }

    @Test func mbpollReadsOverRTU() throws {
        try LowDescriptors.exclusive { try mbpollReadsOverRTUBody() }
    }

    private func mbpollReadsOverRTUBody() throws {
        let line = try PseudoTerminalPair()
        let server = ModbusRTUServer(device: line.first, unitID: 1, space: RegisterSpace(inputRegisters: 0..<10))
        server.registers.setInputRegisters(try RegisterCodec.encode(.float(229.75), as: .float32), at: 0)
        try server.start()
        defer { server.stop() }
        let result = try PeerProcess.run(
            "mbpoll",
            [
                "-m", "rtu", "-b", "9600", "-P", "none", "-a", "1", "-0", "-t", "3:float", "-B", "-r", "0",
                "-c", "1", "-1", line.second,
            ])
        #expect(result.output.contains("229.75"), "\(result.output)")
    }
}
