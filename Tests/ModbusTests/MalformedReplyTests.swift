import Modbus
import Testing

/// Replies a broken or hostile device could send to a register read. Each must become a typed
/// `ModbusError` within the response timeout (never a crash, a hang or wrong numbers), and the
/// client must read correctly again on the next request, over a fresh connection.
@Suite struct MalformedReplyTests {
    typealias Reply = ScriptedTCPPeer.Reply

    static let timeout = Duration.milliseconds(500)

    /// A reply's PDU for a read of `request`, with the standard MBAP header but `protocolID` and
    /// `length` as given (nil: the right length).
    static func reply(to request: [UInt8], protocolID: UInt16 = 0, length: Int? = nil, pdu: [UInt8]) -> [UInt8] {
        ScriptedTCPPeer.mbap(request, protocolID: protocolID, length: length ?? pdu.count + 1) + pdu
    }

    /// `count` registers of 0x1111 after the function code and the byte count given.
    static func readPDU(_ request: [UInt8], byteCount: Int, registers: Int) -> [UInt8] {
        [request[7], UInt8(byteCount)] + Array(repeating: [UInt8(0x11), 0x11], count: registers).flatMap { $0 }
    }

    static let malformed: [(String, Reply)] = [
        (
            "a byte count larger than the registers asked for",
            .bytes { request in
                reply(to: request, pdu: readPDU(request, byteCount: 6, registers: 3))
            }
        ),
        (
            "a byte count smaller than the registers asked for",
            .bytes { request in
                reply(to: request, pdu: readPDU(request, byteCount: 2, registers: 1))
            }
        ),
        (
            "a byte count promising more than is sent",
            .bytes { request in
                reply(to: request, pdu: readPDU(request, byteCount: 4, registers: 1))
            }
        ),
        (
            "a truncated MBAP header, then the connection closed",
            .bytesThenClose { request in
                Array(reply(to: request, pdu: readPDU(request, byteCount: 4, registers: 2)).prefix(4))
            }
        ),
        (
            "another transaction id",
            .bytes { request in
                var bytes = reply(to: request, pdu: readPDU(request, byteCount: 4, registers: 2))
                bytes[1] &+= 1
                return bytes
            }
        ),
        (
            "protocol id 1",
            .bytes { request in
                reply(to: request, protocolID: 1, pdu: readPDU(request, byteCount: 4, registers: 2))
            }
        ),
        (
            "protocol id 0x0100",
            .bytes { request in
                reply(to: request, protocolID: 0x0100, pdu: readPDU(request, byteCount: 4, registers: 2))
            }
        ),
        (
            "an MBAP length longer than the PDU",
            .bytes { request in
                reply(to: request, length: 200, pdu: readPDU(request, byteCount: 4, registers: 2))
            }
        ),
        (
            "an MBAP length shorter than the PDU",
            .bytes { request in
                reply(to: request, length: 2, pdu: readPDU(request, byteCount: 4, registers: 2))
            }
        ),
        (
            "another function code",
            .bytes { request in
                var pdu = readPDU(request, byteCount: 4, registers: 2)
                pdu[0] = 0x04
                return reply(to: request, pdu: pdu)
            }
        ),
        (
            "an exception code that does not exist",
            .bytes { request in
                reply(to: request, pdu: [request[7] | 0x80, 0x55])
            }
        ),
        (
            "garbage",
            .bytes { _ in
                [0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xFF, 0xFE, 0xFD]
            }
        ),
        (
            "garbage, then the connection closed",
            .bytesThenClose { _ in
                Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8)
            }
        ),
    ]

    @Test(arguments: malformed.indices)
    func aMalformedReplyIsATypedErrorAndTheNextReadWorks(index: Int) throws {
        let (name, bad) = Self.malformed[index]
        let peer = try ScriptedTCPPeer(script: [.good(value: 0x0102), bad, .good(value: 0x0304)])
        defer { peer.stop() }
        let client = try ModbusClient(
            configuration: .init(
                transport: .tcp(host: "127.0.0.1", port: peer.port), responseTimeout: Self.timeout, name: "meter-odd"))
        #expect(try client.readHoldingRegisters(at: 0, count: 2) == [0x0102, 0x0102])

        let started = ContinuousClock.now
        let error = #expect(throws: ModbusError.self, "\(name)") { try client.readHoldingRegisters(at: 0, count: 2) }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < Self.timeout * 1.9, "\(name): took \(elapsed)")
        #expect(error?.device.contains("meter-odd") == true, "\(name)")
        #expect(error?.operation == "read 2 holding registers at 0", "\(name)")
        let code = try #require(error?.code, "\(name)")
        #expect([.badData, .connectionReset, .timeout].contains(code), "\(name): \(code)")
        #expect(!client.isConnected, "\(name): the connection must be dropped")

        // Recovery: a fresh connection, and the right numbers.
        #expect(try client.readHoldingRegisters(at: 0, count: 2) == [0x0304, 0x0304], "\(name)")
        #expect(peer.connections == 2, "\(name)")
    }

    /// A reply with the wrong protocol id or length is not Modbus: it is refused as bad data, not
    /// read as registers or waited on.
    @Test(arguments: [3, 5, 6, 7, 8])
    func headerFaultsAreBadData(index: Int) throws {
        let (name, bad) = Self.malformed[index]
        let peer = try ScriptedTCPPeer(script: [bad])
        defer { peer.stop() }
        let client = try ModbusClient(
            configuration: .init(transport: .tcp(host: "127.0.0.1", port: peer.port), responseTimeout: Self.timeout))
        let error = #expect(throws: ModbusError.self, "\(name)") { try client.readHoldingRegisters(at: 0, count: 2) }
        if index == 3 {
            #expect(error?.code == .connectionReset, "\(name)")
        } else {
            #expect(error?.code == .badData, "\(name)")
            #expect(error?.message.isEmpty == false)
        }
    }
}
