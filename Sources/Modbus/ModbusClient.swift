import CModbus
import Glibc

/// Settings of one client connection.
public struct ModbusClientConfiguration: Sendable, Hashable {
    public var transport: ModbusTransport
    /// The unit (slave) id addressed by default.
    public var unitID: Int
    /// How long to wait for a reply before giving up on a request. Slow meters need more than the
    /// libmodbus default of 0.5 s, so it is set per device.
    public var responseTimeout: Duration
    /// The name errors and logs use for the device, for example its id in the site file.
    public var name: String?

    public init(
        transport: ModbusTransport, unitID: Int = 1, responseTimeout: Duration = .milliseconds(500),
        name: String? = nil
    ) {
        self.transport = transport
        self.unitID = unitID
        self.responseTimeout = responseTimeout
        self.name = name
    }

    /// What an operator reads in an error: the device's name and where it is.
    public var deviceLabel: String {
        let address = "\(transport) unit \(unitID)"
        return name.map { "\($0) (\(address))" } ?? address
    }
}

/// A Modbus client over libmodbus, TCP or RTU.
///
/// Owns one `modbus_t`. libmodbus contexts are not thread-safe, so a client is confined to the
/// thread that uses it (it is deliberately not `Sendable`). It connects on first use, and after any
/// error that can leave the link in an unknown state (timeout, reset, a reply that does not match the
/// request) it drops the connection and opens a fresh one on the next request. That is what recovers
/// from late replies that would otherwise leave transaction ids out of step.
///
/// Over TCP the client frames requests and checks replies itself (libmodbus 3.1.6 reads registers
/// from a reply whose MBAP protocol id or length is wrong); over RTU libmodbus does both.
public final class ModbusClient {
    public let configuration: ModbusClientConfiguration
    let context: OpaquePointer
    private var connected = false
    /// The MBAP transaction id of the last TCP request (see `ModbusClient+TCPFrames.swift`).
    var transactionID: UInt16 = 0

    /// Creates the client; nothing is sent until the first request.
    public init(configuration: ModbusClientConfiguration) throws(ModbusError) {
        self.configuration = configuration
        let created: OpaquePointer?
        switch configuration.transport {
        case .tcp(let host, let port):
            created = modbus_new_tcp(host, Int32(port))
        case .rtu(let device, let serial):
            created = modbus_new_rtu(
                device, Int32(serial.baudRate), CChar(UInt8(ascii: serial.parity.rawValue.unicodeScalars.first!)),
                Int32(serial.dataBits), Int32(serial.stopBits))
        }
        guard let created else {
            throw ModbusError.fromErrno(
                cmodbus_errno(), device: configuration.deviceLabel, operation: "create context")
        }
        context = created
        // TCP: no libmodbus recovery. In 3.1.6 link recovery sleeps one more response timeout after
        // a timeout (so a silent device costs twice its timeout) and retries failed sends in a loop,
        // and protocol recovery sleeps a timeout after a mismatched transaction id. `perform` does
        // the recovery itself, at no extra wait: it flushes and drops the connection after such
        // errors, and the next request opens a fresh one, where no late reply can arrive.
        // RTU keeps link and protocol recovery: without it the first request on a freshly opened
        // serial line timed out in about one run in ten (`rtuOverAPseudoTerminalPair`, 2 of 20; 0 of
        // 25 with it). A silent RTU device therefore still costs twice its timeout.
        switch configuration.transport {
        case .tcp:
            modbus_set_error_recovery(context, MODBUS_ERROR_RECOVERY_NONE)
        case .rtu:
            modbus_set_error_recovery(
                context,
                modbus_error_recovery_mode(
                    rawValue: MODBUS_ERROR_RECOVERY_LINK.rawValue | MODBUS_ERROR_RECOVERY_PROTOCOL.rawValue))
        }
        let timeout = configuration.responseTimeout.components
        let microseconds = timeout.attoseconds / 1_000_000_000_000
        modbus_set_response_timeout(context, UInt32(timeout.seconds), UInt32(microseconds))
        guard modbus_set_slave(context, Int32(configuration.unitID)) == 0 else {
            let error = ModbusError.fromErrno(
                cmodbus_errno(), device: configuration.deviceLabel, operation: "set unit id")
            modbus_free(context)
            throw error
        }
    }

    deinit {
        if connected { modbus_close(context) }
        modbus_free(context)
    }

    /// Opens the connection now rather than on the first request.
    public func connect() throws(ModbusError) {
        guard !connected else { return }
        switch configuration.transport {
        case .tcp(let host, let port):
            do throws(TCPFrameReader.Failure) {
                let socket = try TCPConnector.connect(host: host, port: port, timeout: configuration.responseTimeout)
                modbus_set_socket(context, socket)
            } catch {
                throw ModbusError.fromErrno(error.code, device: configuration.deviceLabel, operation: "connect")
            }
        case .rtu:
            guard modbus_connect(context) == 0 else {
                throw lastError(operation: "connect")
            }
            guard SelectLimit.moveBelow(context) else {
                modbus_close(context)
                throw ModbusError(
                    code: .system(EMFILE), device: configuration.deviceLabel, operation: "connect",
                    message: SelectLimit.message)
            }
        }
        connected = true
    }

    /// Starts opening a TCP connection without waiting for its handshake, for a caller that waits
    /// for many sockets at once: nil when the connection is open now, else the socket that turns
    /// writable when the handshake ends, to be passed to ``completeConnect(_:)`` then (or to
    /// ``abandonConnect(_:)`` when the caller gives up).
    func beginConnect() throws(ModbusError) -> Int32? {
        guard !connected else { return nil }
        guard case .tcp(let host, let port) = configuration.transport else {
            try connect()
            return nil
        }
        do throws(TCPFrameReader.Failure) {
            let attempt = try TCPConnector.start(host: host, port: port)
            guard attempt.inProgress else {
                modbus_set_socket(context, attempt.socket)
                connected = true
                return nil
            }
            return attempt.socket
        } catch {
            throw ModbusError.fromErrno(error.code, device: configuration.deviceLabel, operation: "connect")
        }
    }

    /// Ends a connection started by ``beginConnect()`` once its socket is writable: the client uses
    /// it from now on, or it is closed and the handshake's error thrown.
    func completeConnect(_ socket: Int32) throws(ModbusError) {
        do throws(TCPFrameReader.Failure) {
            try TCPConnector.finish(socket)
        } catch {
            Glibc.close(socket)
            throw ModbusError.fromErrno(error.code, device: configuration.deviceLabel, operation: "connect")
        }
        modbus_set_socket(context, socket)
        connected = true
    }

    /// Gives up a connection started by ``beginConnect()``.
    func abandonConnect(_ socket: Int32) {
        Glibc.close(socket)
    }

    /// Closes the connection; the next request opens it again.
    public func close() {
        guard connected else { return }
        modbus_close(context)
        connected = false
    }

    public var isConnected: Bool { connected }

    /// The connection's file descriptor; -1 while closed.
    var descriptor: Int32 { modbus_get_socket(context) }

    /// Reads holding registers (function 3).
    public func readHoldingRegisters(at address: Int, count: Int, unit: Int? = nil) throws(ModbusError) -> [UInt16] {
        try readRegisters(at: address, count: count, unit: unit, kind: "holding", function: 3) {
            context, address, count, buffer in
            modbus_read_registers(context, address, count, buffer)
        }
    }

    /// Reads input registers (function 4).
    public func readInputRegisters(at address: Int, count: Int, unit: Int? = nil) throws(ModbusError) -> [UInt16] {
        try readRegisters(at: address, count: count, unit: unit, kind: "input", function: 4) {
            context, address, count, buffer in
            modbus_read_input_registers(context, address, count, buffer)
        }
    }

    /// Reads coils (function 1).
    public func readCoils(at address: Int, count: Int, unit: Int? = nil) throws(ModbusError) -> [Bool] {
        let operation = "read \(count) coils at \(address)"
        if case .tcp = configuration.transport {
            let data = try exchange(
                operation, unit: unit, expecting: count, limit: ModbusLimits.coilsPerRead,
                request: [1] + Self.words(address, count), replyBytes: (count + 7) / 8)
            return (0..<count).map { data[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
        }
        var bits = [UInt8](repeating: 0, count: count)
        try perform(operation, unit: unit, expecting: count, limit: ModbusLimits.coilsPerRead) { context in
            bits.withUnsafeMutableBufferPointer {
                modbus_read_bits(context, Int32(address), Int32(count), $0.baseAddress)
            }
        }
        return bits.map { $0 != 0 }
    }

    /// Writes one holding register (function 6).
    public func writeRegister(at address: Int, value: UInt16, unit: Int? = nil) throws(ModbusError) {
        if case .tcp = configuration.transport {
            _ = try exchange(
                "write register \(address)", unit: unit, expecting: 1, request: [6] + Self.words(address, Int(value)),
                replyBytes: nil)
            return
        }
        try perform("write register \(address)", unit: unit, expecting: 1) { context in
            modbus_write_register(context, Int32(address), value)
        }
    }

    /// Writes consecutive holding registers (function 16), at most 123 at once.
    public func writeRegisters(at address: Int, values: [UInt16], unit: Int? = nil) throws(ModbusError) {
        if case .tcp = configuration.transport {
            let data = values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            _ = try exchange(
                "write \(values.count) registers at \(address)", unit: unit, expecting: values.count,
                limit: ModbusLimits.registersPerWrite,
                request: [16] + Self.words(address, values.count) + [UInt8(truncatingIfNeeded: data.count)] + data,
                replyBytes: nil)
            return
        }
        try perform(
            "write \(values.count) registers at \(address)", unit: unit, expecting: values.count,
            limit: ModbusLimits.registersPerWrite
        ) { context in
            values.withUnsafeBufferPointer {
                modbus_write_registers(context, Int32(address), Int32(values.count), $0.baseAddress)
            }
        }
    }

    /// Writes one coil (function 5).
    public func writeCoil(at address: Int, value: Bool, unit: Int? = nil) throws(ModbusError) {
        if case .tcp = configuration.transport {
            _ = try exchange(
                "write coil \(address)", unit: unit, expecting: 1,
                request: [5] + Self.words(address, value ? 0xFF00 : 0), replyBytes: nil)
            return
        }
        try perform("write coil \(address)", unit: unit, expecting: 1) { context in
            modbus_write_bit(context, Int32(address), value ? 1 : 0)
        }
    }

    private func readRegisters(
        at address: Int, count: Int, unit: Int?, kind: String, function: UInt8,
        _ call: (OpaquePointer, Int32, Int32, UnsafeMutablePointer<UInt16>?) -> Int32
    ) throws(ModbusError) -> [UInt16] {
        let operation = "read \(count) \(kind) registers at \(address)"
        if case .tcp = configuration.transport {
            let data = try exchange(
                operation, unit: unit, expecting: count, request: [function] + Self.words(address, count),
                replyBytes: count * 2)
            return (0..<count).map { UInt16(data[2 * $0]) << 8 | UInt16(data[2 * $0 + 1]) }
        }
        var registers = [UInt16](repeating: 0, count: count)
        try perform(operation, unit: unit, expecting: count) { context in
            registers.withUnsafeMutableBufferPointer { call(context, Int32(address), Int32(count), $0.baseAddress) }
        }
        return registers
    }

    /// Runs one request: connects if needed, addresses the unit, maps failures to typed errors and
    /// drops the connection after errors that leave it in an unknown state.
    private func perform(
        _ operation: String, unit: Int?, expecting expected: Int, limit: Int = ModbusLimits.registersPerRead,
        _ call: (OpaquePointer) -> Int32
    ) throws(ModbusError) {
        guard (1...limit).contains(expected) else {
            throw ModbusError(
                code: .invalidRequest, device: configuration.deviceLabel, operation: operation,
                message: "count \(expected) is outside what one Modbus request can carry")
        }
        if !connected {
            do throws(ModbusError) { try connect() } catch {
                throw ModbusError(code: error.code, device: error.device, operation: operation, message: error.message)
            }
        }
        let unitID = unit ?? configuration.unitID
        modbus_set_slave(context, Int32(unitID))
        defer { if unit != nil { modbus_set_slave(context, Int32(configuration.unitID)) } }
        let result = call(context)
        guard result == expected else {
            let error: ModbusError
            if result == -1 {
                error = lastError(operation: operation)
            } else {
                error = ModbusError(
                    code: .badData, device: configuration.deviceLabel, operation: operation,
                    message: "expected \(expected) values, got \(result)")
            }
            if error.needsReconnect {
                modbus_flush(context)
                close()
            }
            throw error
        }
    }

    func lastError(operation: String) -> ModbusError {
        ModbusError.fromErrno(cmodbus_errno(), device: configuration.deviceLabel, operation: operation)
    }
}

@available(*, unavailable, message: "a libmodbus context belongs to one thread")
extension ModbusClient: Sendable {}
