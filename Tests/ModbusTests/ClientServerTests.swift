import Foundation
import Testing

@testable import Modbus

/// Our client against our server over real TCP on loopback.
@Suite(.serialized) struct ClientServerTests {
    let server = ModbusTCPServer()
    let meter: RegisterBank
    let inverter: RegisterBank

    init() throws {
        meter = server.addUnit(1, space: RegisterSpace(holdingRegisters: 0..<20, inputRegisters: 0..<100))
        inverter = server.addUnit(
            7, space: RegisterSpace(coils: 0..<16, holdingRegisters: 40000..<40200, inputRegisters: 0..<0))
        try server.start()
    }

    func client(unit: Int = 1, timeout: Duration = .milliseconds(500)) throws -> ModbusClient {
        try ModbusClient(
            configuration: ModbusClientConfiguration(
                transport: .tcp(host: "127.0.0.1", port: server.port), unitID: unit, responseTimeout: timeout,
                name: "test-device"))
    }

    @Test func readsEachUnitsOwnRegisters() throws {
        meter.setInputRegisters(try RegisterCodec.encode(.float(230.5), as: .float32), at: 0x48)
        inverter.setHoldingRegisters([0x5375, 0x6E53, 1, 66], at: 40000)
        let client = try client()
        let words = try client.readInputRegisters(at: 0x48, count: 2)
        #expect(try RegisterCodec.decode(words, as: .float32) == .float(230.5))
        #expect(try client.readHoldingRegisters(at: 40000, count: 4, unit: 7) == [0x5375, 0x6E53, 1, 66])
    }

    @Test func writesReachTheBankAndTheObserver() throws {
        let seen = LockedBox<[RegisterWrite]>([])
        meter.observeWrites { write in seen.mutate { $0.append(write) } }
        let client = try client()
        try client.writeRegisters(at: 3, values: [10, 20, 30])
        try client.writeRegister(at: 9, value: 0xBEEF)
        try client.writeCoil(at: 5, value: true, unit: 7)
        #expect(meter.holdingRegisters(at: 3, count: 3) == [10, 20, 30])
        #expect(meter.holdingRegisters(at: 9, count: 1) == [0xBEEF])
        #expect(inverter.coils(at: 5, count: 1) == [true])
        #expect(try client.readCoils(at: 4, count: 3, unit: 7) == [false, true, false])
        #expect(seen.value.map(\.address) == [3, 9])
        #expect(seen.value.first?.values == [10, 20, 30])
    }

    @Test func refusedWriteIsAnsweredWithTheException() throws {
        meter.validateWrites { write in write.values.contains { $0 > 100 } ? .illegalDataValue : nil }
        let client = try client()
        try client.writeRegister(at: 0, value: 100)
        let error = #expect(throws: ModbusError.self) { try client.writeRegister(at: 0, value: 101) }
        #expect(error?.code == .exception(.illegalDataValue))
        #expect(error?.description.contains("illegal data value") == true)
        #expect(meter.holdingRegisters(at: 0, count: 1) == [100])
    }

    @Test func addressOutsideTheUnitIsIllegalDataAddress() throws {
        let error = #expect(throws: ModbusError.self) { try client().readHoldingRegisters(at: 19, count: 2) }
        #expect(error?.code == .exception(.illegalDataAddress))
    }

    @Test func unknownUnitGetsGatewayException() throws {
        let error = #expect(throws: ModbusError.self) { try client(unit: 99).readHoldingRegisters(at: 0, count: 1) }
        #expect(error?.code == .exception(.gatewayTargetFailedToRespond))
    }

    @Test(arguments: [ModbusException.illegalDataAddress, .serverDeviceFailure, .serverDeviceBusy])
    func faultExceptionsDecodeToTheirNames(exception: ModbusException) throws {
        server.setFault(.exception(exception), unit: 1)
        let error = #expect(throws: ModbusError.self) { try client().readInputRegisters(at: 0, count: 2) }
        #expect(error?.code == .exception(exception))
        #expect(error?.description.contains(exception.name) == true)
        #expect(error?.description.contains("test-device") == true)
    }

    /// Twice the timeout (what libmodbus's link recovery used to cost) must fail this bound; the
    /// timeouts are a second long so that a busy machine's scheduling delays (tenths of a second)
    /// stay far inside the margin.
    static func withinOneTimeout(_ elapsed: Duration, timeout: Duration) -> Bool {
        elapsed >= timeout - .milliseconds(10) && elapsed < timeout * 1.9
    }

    @Test func silentDeviceTimesOutWithinItsTimeout() throws {
        server.setFault(.noReply, unit: 1)
        let timeout = Duration.seconds(1)
        let client = try client(timeout: timeout)
        let started = ContinuousClock.now
        let error = #expect(throws: ModbusError.self) { try client.readInputRegisters(at: 0, count: 2) }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .timeout)
        #expect(Self.withinOneTimeout(elapsed, timeout: timeout), "took \(elapsed)")
    }

    /// A peer that accepts the connection and never answers: each request, including the one after
    /// the client reconnected, costs one timeout, not two.
    @Test func peerThatNeverAnswersCostsOneTimeoutPerRequest() throws {
        let peer = try SilentTCPPeer()
        let timeout = Duration.seconds(1)
        let client = try ModbusClient(
            configuration: .init(
                transport: .tcp(host: "127.0.0.1", port: peer.port), responseTimeout: timeout, name: "meter-silent"))
        for _ in 0..<2 {
            let started = ContinuousClock.now
            let error = #expect(throws: ModbusError.self) { try client.readHoldingRegisters(at: 0, count: 4) }
            let elapsed = ContinuousClock.now - started
            #expect(error?.code == .timeout)
            #expect(error?.device.contains("meter-silent") == true)
            #expect(Self.withinOneTimeout(elapsed, timeout: timeout), "took \(elapsed)")
            #expect(!client.isConnected)
        }
    }

    @Test func droppedConnectionIsReportedAndRecovered() throws {
        let client = try client()
        _ = try client.readInputRegisters(at: 0, count: 1)
        server.setFault(.dropConnection, unit: 1)
        let error = #expect(throws: ModbusError.self) { try client.readInputRegisters(at: 0, count: 1) }
        #expect(error?.code == .connectionReset || error?.code == .timeout)
        server.setFault(nil, unit: 1)
        meter.setInputRegisters([77], at: 0)
        #expect(try client.readInputRegisters(at: 0, count: 1) == [77])
    }

    /// A reply that arrives after the client gave up must not be taken for the next request's reply.
    @Test func lateReplyDoesNotDesynchroniseTheNextRequest() throws {
        meter.setInputRegisters([1111], at: 0)
        meter.setInputRegisters([2222], at: 1)
        let client = try client(timeout: .milliseconds(100))
        server.setFault(.delay(.milliseconds(250)), unit: 1)
        let error = #expect(throws: ModbusError.self) { try client.readInputRegisters(at: 0, count: 1) }
        #expect(error?.code == .timeout)
        server.setFault(nil, unit: 1)
        Thread.sleep(forTimeInterval: 0.3)  // let the late reply arrive
        #expect(try client.readInputRegisters(at: 1, count: 1) == [2222])
        #expect(try client.readInputRegisters(at: 0, count: 1) == [1111])
    }

    @Test func clientLimitRefusesTheSecondClient() throws {
        server.setMaxClients(1)
        let first = try client()
        _ = try first.readInputRegisters(at: 0, count: 1)
        let second = try client(timeout: .milliseconds(200))
        #expect(throws: ModbusError.self) { try second.readInputRegisters(at: 0, count: 1) }
        first.close()
        // The server frees the slot once it has seen the close; how soon depends on the machine.
        var answer: [UInt16]?
        for _ in 0..<100 where answer == nil {
            answer = try? second.readInputRegisters(at: 0, count: 1)
            if answer == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(answer?.count == 1)
    }

    @Test func manyClientsAtOnce() async throws {
        for index in 0..<20 { meter.setInputRegisters([UInt16(index)], at: index) }
        let port = server.port
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let client = try ModbusClient(configuration: .init(transport: .tcp(host: "127.0.0.1", port: port)))
                    for _ in 0..<50 where try client.readInputRegisters(at: index, count: 1) != [UInt16(index)] {
                        return false
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    @Test func unreachableDeviceFailsWithinItsTimeoutNamingTheDevice() throws {
        let client = try ModbusClient(
            configuration: .init(
                transport: .tcp(host: "127.0.0.1", port: 1), responseTimeout: .milliseconds(300), name: "meter-101"))
        let started = ContinuousClock.now
        let error = #expect(throws: ModbusError.self) { try client.readInputRegisters(at: 0, count: 1) }
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(error?.code == .connectionRefused)
        #expect(error?.device.contains("meter-101") == true)
    }

    @Test func requestOverOneHundredTwentyFiveRegistersIsRefusedBeforeSending() throws {
        let error = #expect(throws: ModbusError.self) { try client().readInputRegisters(at: 0, count: 126) }
        #expect(error?.code == .invalidRequest)
    }

    @Test func portInUseIsReportedClearly() throws {
        let second = ModbusTCPServer(configuration: .init(port: server.port))
        let error = #expect(throws: ModbusError.self) { try second.start() }
        #expect(error?.message.contains("already in use") == true)
    }
}

/// A value shared with server threads in tests.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
