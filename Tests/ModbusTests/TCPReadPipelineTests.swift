import Foundation
import Testing

@testable import Modbus

/// Many connections read at once on one thread, against our server and a silent peer over real TCP.
@Suite struct TCPReadPipelineTests {
    func client(port: Int, timeout: Duration = .milliseconds(500)) throws -> ModbusClient {
        try ModbusClient(
            configuration: ModbusClientConfiguration(
                transport: .tcp(host: "127.0.0.1", port: port), unitID: 1, responseTimeout: timeout,
                name: "pipelined"))
    }

    func server(units: [UInt8]) throws -> (ModbusTCPServer, [RegisterBank]) {
        let server = ModbusTCPServer()
        let banks = units.map {
            server.addUnit($0, space: RegisterSpace(holdingRegisters: 0..<200, inputRegisters: 0..<200))
        }
        try server.start()
        return (server, banks)
    }

    @Test func readsEveryBatchOfEveryLaneInOrder() throws {
        var servers: [ModbusTCPServer] = []
        var lanes: [TCPReadPipeline.Lane] = []
        for connection in 0..<5 {
            let (server, banks) = try server(units: [1, 2])
            servers.append(server)
            for (unit, bank) in banks.enumerated() {
                bank.setHoldingRegisters((0..<10).map { UInt16(connection * 100 + unit * 10 + $0) }, at: 0)
                bank.setInputRegisters((0..<4).map { UInt16(1000 + connection * 100 + unit * 10 + $0) }, at: 50)
            }
            lanes.append(
                TCPReadPipeline.Lane(
                    client: try client(port: server.port),
                    batches: [1, 2].map {
                        TCPReadPipeline.Batch(
                            unit: $0,
                            reads: [
                                .init(holding: true, address: 0, count: 10),
                                .init(holding: false, address: 50, count: 4),
                            ])
                    }))
        }
        defer { for server in servers { server.stop() } }
        // Twice: the second round goes on the connections the first one opened.
        for _ in 0..<2 {
            var finished: [Int: [Result<[[UInt16]], ModbusError>]] = [:]
            var reportedTwice = false
            let results = TCPReadPipeline.run(lanes) { lane, laneResults in
                if finished[lane] != nil { reportedTwice = true }
                finished[lane] = laneResults
            }
            // Each lane is reported once, with what the run returns for it.
            #expect(!reportedTwice)
            #expect(finished.count == 5)
            for (lane, laneResults) in finished {
                #expect(laneResults.map { try? $0.get() } == results[lane].map { try? $0.get() })
            }
            #expect(results.count == 5)
            for (connection, batches) in results.enumerated() {
                #expect(batches.count == 2)
                for (unit, result) in batches.enumerated() {
                    let words = try result.get()
                    #expect(words[0] == (0..<10).map { UInt16(connection * 100 + unit * 10 + $0) })
                    #expect(words[1] == (0..<4).map { UInt16(1000 + connection * 100 + unit * 10 + $0) })
                }
            }
        }
        let connected = lanes.allSatisfy { $0.client.isConnected }
        #expect(connected)
    }

    @Test func aSilentDeviceTimesOutWithoutHoldingUpTheOthers() throws {
        let silent = try SilentTCPPeer()
        let (server, banks) = try server(units: [1])
        defer { server.stop() }
        banks[0].setHoldingRegisters([7, 8, 9], at: 0)
        let read = TCPReadPipeline.Batch(unit: 1, reads: [.init(holding: true, address: 0, count: 3)])
        let quiet = try client(port: silent.port, timeout: .milliseconds(200))
        let answering = try client(port: server.port)
        // Many reads on the answering connection while the silent one waits for its only reply.
        let results = TCPReadPipeline.run([
            .init(client: quiet, batches: [read]),
            .init(client: answering, batches: Array(repeating: read, count: 50)),
        ])
        let error = #expect(throws: ModbusError.self) { try results[0][0].get() }
        #expect(error?.code == .timeout)
        #expect(error?.device.contains("pipelined") == true)
        #expect(!quiet.isConnected)
        #expect(results[1].count == 50)
        for result in results[1] { #expect(try result.get() == [[7, 8, 9]]) }
    }

    @Test func aConnectionStillInItsHandshakeHoldsUpOnlyItsOwnLane() throws {
        let reads = 20
        let held = try HeldConnectPeer(value: 9)
        // The answering peer lets the held handshake through only once it has answered every read of
        // its own lane: the held lane can connect (and succeed) only if those reads went on while it
        // waited. A connect that blocked the pipeline would wait out the held lane's whole timeout.
        let answering = try ScriptedTCPPeer(
            script: Array(repeating: .good(value: 7), count: reads - 1) + [
                .bytes { request in
                    held.release()
                    return ScriptedTCPPeer.goodReply(to: request, value: 7)
                }
            ])
        defer { answering.stop() }
        let read = TCPReadPipeline.Batch(unit: 1, reads: [.init(holding: true, address: 0, count: 2)])
        let heldClient = try client(port: held.port, timeout: .seconds(30))
        let answeringClient = try client(port: answering.port)
        let results = TCPReadPipeline.run([
            .init(client: heldClient, batches: [read]),
            .init(client: answeringClient, batches: Array(repeating: read, count: reads)),
        ])
        #expect(try results[0][0].get() == [[9, 9]])
        #expect(held.answeredRequests == 1)
        #expect(results[1].count == reads)
        for result in results[1] { #expect(try result.get() == [[7, 7]]) }
        #expect(heldClient.isConnected)
    }

    @Test func aConnectionThatCannotOpenFailsItsLaneAndNotTheOthers() throws {
        // Held for good: the handshake never ends, and every batch of its lane fails with the
        // timeout of that one attempt, while the answering lane reads all of its own.
        let held = try HeldConnectPeer(value: 9)
        let (server, banks) = try server(units: [1])
        defer { server.stop() }
        banks[0].setHoldingRegisters([4, 5], at: 0)
        let read = TCPReadPipeline.Batch(unit: 1, reads: [.init(holding: true, address: 0, count: 2)])
        let heldClient = try client(port: held.port, timeout: .milliseconds(300))
        let results = TCPReadPipeline.run([
            .init(client: heldClient, batches: Array(repeating: read, count: 3)),
            .init(client: try client(port: server.port), batches: Array(repeating: read, count: 30)),
        ])
        #expect(results[0].count == 3)
        for result in results[0] {
            let error = #expect(throws: ModbusError.self) { try result.get() }
            #expect(error?.code == .timeout)
            #expect(error?.operation == "read 2 holding registers at 0")
        }
        #expect(!heldClient.isConnected)
        #expect(results[1].count == 30)
        for result in results[1] { #expect(try result.get() == [[4, 5]]) }
    }

    @Test func anExceptionFailsItsBatchOnlyAndKeepsTheConnection() throws {
        let (server, banks) = try server(units: [1])
        defer { server.stop() }
        banks[0].setHoldingRegisters([1, 2], at: 0)
        let client = try client(port: server.port)
        let results = TCPReadPipeline.run([
            .init(
                client: client,
                batches: [
                    .init(unit: 1, reads: [.init(holding: true, address: 0, count: 2)]),
                    // The second read is outside the unit's registers; the third read is never sent.
                    .init(
                        unit: 1,
                        reads: [
                            .init(holding: true, address: 0, count: 1), .init(holding: true, address: 500, count: 2),
                            .init(holding: true, address: 0, count: 2),
                        ]),
                    .init(unit: 1, reads: [.init(holding: true, address: 1, count: 1)]),
                ])
        ])[0]
        #expect(try results[0].get() == [[1, 2]])
        let error = #expect(throws: ModbusError.self) { try results[1].get() }
        #expect(error?.code == .exception(.illegalDataAddress))
        #expect(try results[2].get() == [[2]])
        #expect(client.isConnected)
    }

    @Test func aRefusedConnectionFailsEachBatchAndBadCountsAreRefusedBeforeSending() throws {
        // A port that was just free: nothing listens there.
        let (server, _) = try server(units: [1])
        let port = server.port
        server.stop()
        let refused = try client(port: port)
        let results = TCPReadPipeline.run([
            .init(
                client: refused,
                batches: [
                    .init(unit: 1, reads: [.init(holding: true, address: 0, count: 1)]),
                    .init(unit: 1, reads: [.init(holding: true, address: 0, count: 0)]),
                ])
        ])[0]
        let first = #expect(throws: ModbusError.self) { try results[0].get() }
        #expect(first?.code == .connectionRefused)
        let second = #expect(throws: ModbusError.self) { try results[1].get() }
        #expect(second?.code == .invalidRequest)
    }
}
