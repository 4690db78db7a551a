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
            self.floor = floor
            try fill()
        }

        let floor: Int32

        /// Takes every free number below `floor` again: tests running beside this one close
        /// descriptors at any time, and each hole they leave would be the next socket's number.
        func fill() throws {
            repeat {
                let descriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
                try #require(descriptor >= 0, "open /dev/null: \(String(cString: strerror(errno)))")
                descriptors.append(descriptor)
            } while descriptors.last.map({ $0 < floor }) ?? true
        }

        func release() {
            for descriptor in descriptors { close(descriptor) }
            descriptors = []
        }

        deinit { release() }
    }

    @Test func readsAndWritesOverSocketsNumberedAbove1024() throws {
        try LowDescriptors.exclusive { try readsAndWritesOverSocketsNumberedAbove1024Body() }
    }

    private func readsAndWritesOverSocketsNumberedAbove1024Body() throws {
        let fillers = try Fillers(above: 1100)
        // Every number up to 1,100 is taken (by the fillers or by what the test process already
        // holds), so the sockets made next are numbered above FD_SETSIZE.
        #expect((fillers.descriptors.last ?? 0) >= 1100)
        let server = ModbusTCPServer()
        let bank = server.addUnit(1, space: RegisterSpace(coils: 0..<8, holdingRegisters: 0..<10))
        bank.setHoldingRegisters([0x0102, 0x0304, 0x0506], at: 2)
        try server.start()
        defer { server.stop() }
        // The first exchange, with every low descriptor taken, makes the server accept a socket
        // above 1024 too. A test beside this one may free a low number in between: then the
        // holes are taken again and a new client connects (the property tested is the
        // client's on a high socket, not the luck of the numbering).
        var client = try highClient(port: server.port)
        for _ in 0..<20 where client.descriptor < 1024 {
            try fillers.fill()
            client = try highClient(port: server.port)
        }
        try #require(client.descriptor >= 1024, "no socket above FD_SETSIZE in 20 tries")
        // Let the rest of the test process have low descriptors again; these sockets stay high.
        fillers.release()

        try client.writeRegisters(at: 0, values: [7, 8])
        try client.writeCoil(at: 3, value: true)
        #expect(bank.holdingRegisters(at: 0, count: 2) == [7, 8])
        #expect(try client.readCoils(at: 2, count: 3) == [false, true, false])
        #expect(try client.readHoldingRegisters(at: 0, count: 5) == [7, 8, 0x0102, 0x0304, 0x0506])
        #expect(client.descriptor >= 1024, "the client's socket moved below FD_SETSIZE")
    }

    /// A client that has exchanged one request with the server (so its socket is open).
    private func highClient(port: Int) throws -> ModbusClient {
        let client = try ModbusClient(
            configuration: .init(transport: .tcp(host: "127.0.0.1", port: port), name: "meter-high"))
        #expect(try client.readHoldingRegisters(at: 2, count: 3) == [0x0102, 0x0304, 0x0506])
        return client
    }

    @Test func aSilentPeerAboveTheLimitIsATimeoutNotACrash() throws {
        try LowDescriptors.exclusive { try aSilentPeerAboveTheLimitIsATimeoutNotACrashBody() }
    }

    private func aSilentPeerAboveTheLimitIsATimeoutNotACrashBody() throws {
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
