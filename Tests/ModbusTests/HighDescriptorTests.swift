import Glibc
import Testing

@testable import Modbus

/// A process holding more than 1,024 files (many device connections, a busy server) must still
/// talk Modbus TCP: libmodbus waits with select(2), which aborts the process on such descriptors.
@Suite(.serialized) struct HighDescriptorTests {
    /// Descriptors that keep every number below `floor` taken, so the next socket is above it.
    final class Fillers {
        private(set) var descriptors: [Int32] = []

        init(above floor: Int32) throws {
            var limit = rlimit()
            getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            let wanted = rlim_t(floor) + 256
            if limit.rlim_cur < wanted {
                try #require(limit.rlim_max >= wanted, "the hard limit on open files is \(limit.rlim_max)")
                limit.rlim_cur = wanted
                try #require(
                    setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, "cannot raise RLIMIT_NOFILE")
            }
            while descriptors.last.map({ $0 < floor }) ?? true {
                let descriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
                try #require(descriptor >= 0, "open /dev/null: \(String(cString: strerror(errno)))")
                descriptors.append(descriptor)
            }
        }

        func release() {
            for descriptor in descriptors { close(descriptor) }
            descriptors = []
        }

        deinit { release() }
    }

    @Test func readsAndWritesOverSocketsNumberedAbove1024() throws {
        let fillers = try Fillers(above: 1100)
        // Every number up to 1,100 is taken (by the fillers or by what the test process already
        // holds), so the sockets made next are numbered above FD_SETSIZE.
        #expect((fillers.descriptors.last ?? 0) >= 1100)
        let server = ModbusTCPServer()
        let bank = server.addUnit(1, space: RegisterSpace(coils: 0..<8, holdingRegisters: 0..<10))
        bank.setHoldingRegisters([0x0102, 0x0304, 0x0506], at: 2)
        try server.start()
        defer { server.stop() }
        let client = try ModbusClient(
            configuration: .init(transport: .tcp(host: "127.0.0.1", port: server.port), name: "meter-high"))
        // The first exchange, with every low descriptor taken, makes the server accept a socket
        // above 1024 too.
        #expect(try client.readHoldingRegisters(at: 2, count: 3) == [0x0102, 0x0304, 0x0506])
        #expect(client.descriptor >= 1024, "a socket below FD_SETSIZE: another test freed a low descriptor")
        // Let the rest of the test process have low descriptors again; these sockets stay high.
        fillers.release()

        try client.writeRegisters(at: 0, values: [7, 8])
        try client.writeCoil(at: 3, value: true)
        #expect(bank.holdingRegisters(at: 0, count: 2) == [7, 8])
        #expect(try client.readCoils(at: 2, count: 3) == [false, true, false])
        #expect(try client.readHoldingRegisters(at: 0, count: 5) == [7, 8, 0x0102, 0x0304, 0x0506])
        #expect(client.descriptor >= 1024, "a socket below FD_SETSIZE: another test freed a low descriptor")
    }

    @Test func aSilentPeerAboveTheLimitIsATimeoutNotACrash() throws {
        let fillers = try Fillers(above: 1100)
        let peer = try SilentTCPPeer()
        let client = try ModbusClient(
            configuration: .init(
                transport: .tcp(host: "127.0.0.1", port: peer.port), responseTimeout: .milliseconds(200)))
        let error = #expect(throws: ModbusError.self) { try client.readInputRegisters(at: 0, count: 2) }
        fillers.release()
        #expect(error?.code == .timeout)
    }
}
