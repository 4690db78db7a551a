import CModbus
import Foundation
import Glibc
import Logging
import Synchronization

/// A Modbus TCP server over libmodbus that serves several units on one port to several clients at
/// once, for the simulated village and for tests.
///
/// libmodbus's TCP server answers one client per context and ignores the unit id, so this server
/// accepts connections itself, gives each its own context on its own thread, and dispatches every
/// request on the unit id in its MBAP header.
public final class ModbusTCPServer: Sendable {
    public struct Configuration: Sendable {
        /// The address to listen on; loopback by default.
        public var host: String
        /// The port to listen on; 0 picks a free one (read it back from `port`).
        public var port: Int
        /// Refuse connections beyond this many at once, like inverters that allow one client only.
        public var maxClients: Int?
        /// How the server names itself in errors and logs.
        public var name: String

        public init(host: String = "127.0.0.1", port: Int = 0, maxClients: Int? = nil, name: String = "modbus-server") {
            self.host = host
            self.port = port
            self.maxClients = maxClients
            self.name = name
        }
    }

    public let configuration: Configuration
    private let registry = UnitRegistry()
    private let logger: Logger
    private let state = Mutex<State>(State())

    private struct State {
        var listener: Int32 = -1
        var port = 0
        var running = false
        var connections: Set<Int32> = []
        var acceptThreadDone = true
        var maxClients: Int?
    }

    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "modbus.server")) {
        self.configuration = configuration
        self.logger = logger
        state.withLock { $0.maxClients = configuration.maxClients }
    }

    deinit { stop() }

    /// Adds a unit and returns its registers. Units can be added before or after `start()`.
    @discardableResult
    public func addUnit(_ unitID: UInt8, space: RegisterSpace) -> RegisterBank {
        registry.add(unitID, space: space)
    }

    public func unit(_ unitID: UInt8) -> RegisterBank? { registry.bank(unitID) }

    /// Makes a unit misbehave, or behave again with `nil`.
    public func setFault(_ fault: ServerFault?, unit unitID: UInt8) {
        registry.setFault(fault, unit: unitID)
    }

    /// Changes the client limit while running (a device that starts to accept one client only).
    public func setMaxClients(_ limit: Int?) {
        state.withLock { $0.maxClients = limit }
    }

    /// The port being listened on, once started.
    public var port: Int { state.withLock { $0.port } }

    /// The number of clients connected now.
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    /// Binds and starts accepting clients on a thread of its own.
    public func start() throws(ModbusError) {
        let label = "\(configuration.name) on \(configuration.host):\(configuration.port)"
        guard let context = modbus_new_tcp(configuration.host, Int32(configuration.port)) else {
            throw ModbusError.fromErrno(cmodbus_errno(), device: label, operation: "create server")
        }
        defer { modbus_free(context) }
        let listener = modbus_tcp_listen(context, 64)
        guard listener >= 0 else {
            let code = cmodbus_errno()
            let reason =
                code == EADDRINUSE ? "port \(configuration.port) is already in use" : String(cString: strerror(code))
            throw ModbusError(code: .system(code), device: label, operation: "listen", message: reason)
        }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        state.withLock {
            $0.listener = listener
            $0.port = port
            $0.running = true
            $0.acceptThreadDone = false
        }
        logger.info("serving Modbus TCP", metadata: ["server": "\(configuration.name)", "port": "\(port)"])
        Thread.detachNewThread { [self] in acceptLoop(listener: listener) }
    }

    /// Stops accepting, closes every connection and waits for the threads to finish.
    public func stop() {
        let connections = state.withLock { state -> Set<Int32> in
            guard state.running else { return [] }
            state.running = false
            return state.connections
        }
        for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        // The accept loop polls `running` and closes the listener; connection threads end on shutdown.
        while !state.withLock({ $0.acceptThreadDone && $0.connections.isEmpty }) {
            sleep(for: .milliseconds(5))
        }
    }

    private func acceptLoop(listener: Int32) {
        defer {
            close(listener)
            state.withLock { $0.acceptThreadDone = true }
        }
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        while state.withLock({ $0.running }) {
            guard poll(&poller, 1, 50) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let admitted = state.withLock { state -> Bool in
                guard state.running, state.connections.count < (state.maxClients ?? .max) else { return false }
                state.connections.insert(client)
                return true
            }
            guard admitted else {
                logger.debug("refused a client over the limit", metadata: ["server": "\(configuration.name)"])
                close(client)
                continue
            }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ socket: Int32) {
        defer {
            close(socket)
            state.withLock { _ = $0.connections.remove(socket) }
        }
        guard let context = modbus_new_tcp(configuration.host, Int32(configuration.port)) else { return }
        defer { modbus_free(context) }
        modbus_set_socket(context, socket)
        var request = [UInt8](repeating: 0, count: Int(MODBUS_TCP_MAX_ADU_LENGTH))
        while true {
            // Read by `TCPFrameReader`, not `modbus_receive`, whose select(2) aborts on a socket
            // numbered 1024 or more.
            let read = request.withUnsafeMutableBufferPointer { buffer in
                Result { () throws(TCPFrameReader.Failure) in
                    try TCPFrameReader.read(from: socket, kind: .request, into: buffer, timeout: nil)
                }
            }
            // Closed by the client or by stop(), or a frame that cannot be Modbus.
            guard case .success(let received) = read else { return }
            let length = Int32(received)
            let outcome = request.withUnsafeBufferPointer {
                registry.answer(
                    $0.baseAddress!, length: length, on: context, unknownUnit: .gatewayTargetFailedToRespond)
            }
            if outcome == .closeConnection { return }
        }
    }
}
