import CModbus
import Glibc

/// A Modbus exception code as defined by the Modbus application protocol (section 7).
public enum ModbusException: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case illegalFunction = 1
    case illegalDataAddress = 2
    case illegalDataValue = 3
    case serverDeviceFailure = 4
    case acknowledge = 5
    case serverDeviceBusy = 6
    case negativeAcknowledge = 7
    case memoryParityError = 8
    case gatewayPathUnavailable = 10
    case gatewayTargetFailedToRespond = 11

    /// The name used in the Modbus specification, as a field engineer would search for it.
    public var name: String {
        switch self {
        case .illegalFunction: "illegal function"
        case .illegalDataAddress: "illegal data address"
        case .illegalDataValue: "illegal data value"
        case .serverDeviceFailure: "server device failure"
        case .acknowledge: "acknowledge"
        case .serverDeviceBusy: "server device busy"
        case .negativeAcknowledge: "negative acknowledge"
        case .memoryParityError: "memory parity error"
        case .gatewayPathUnavailable: "gateway path unavailable"
        case .gatewayTargetFailedToRespond: "gateway target device failed to respond"
        }
    }

    public var description: String { "exception \(rawValue) (\(name))" }
}

/// Every failure of the Modbus layer. A struct with a code, so callers can `catch` by kind while the
/// message still names the device and the operation that failed.
public struct ModbusError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// No (complete) reply within the response timeout.
        case timeout
        /// Nothing listens at the address.
        case connectionRefused
        /// The peer closed or reset the connection.
        case connectionReset
        /// The device answered with a Modbus exception.
        case exception(ModbusException)
        /// A reply that does not fit the request: wrong length, CRC, transaction id or unit id.
        case badData
        /// A request the library refuses before sending it (count over 125, unknown serial port...).
        case invalidRequest
        /// Any other operating-system error, with its errno.
        case system(Int32)
    }

    public var code: Code
    /// The device as the operator knows it, for example `"sdm630@127.0.0.1:1502/1"`.
    public var device: String
    /// What was being done, for example `"read 2 input registers at 72"`.
    public var operation: String
    /// The library's or the system's own words.
    public var message: String

    public init(code: Code, device: String, operation: String, message: String) {
        self.code = code
        self.device = device
        self.operation = operation
        self.message = message
    }

    public var description: String {
        switch code {
        case .exception(let exception):
            "\(device): \(operation) failed: Modbus \(exception)"
        default:
            "\(device): \(operation) failed: \(message)"
        }
    }

    /// True when the connection should be dropped and opened again before the next request.
    public var needsReconnect: Bool {
        switch code {
        case .timeout, .connectionReset, .connectionRefused, .badData, .system: true
        case .exception, .invalidRequest: false
        }
    }

    /// Maps the errno that libmodbus left behind to a typed error.
    static func fromErrno(_ value: Int32, device: String, operation: String) -> ModbusError {
        let message = String(cString: modbus_strerror(value))
        let code: Code
        switch value {
        case cmodbus_embxilfun...cmodbus_embxgtar:
            let raw = UInt8(value - cmodbus_enobase)
            code = ModbusException(rawValue: raw).map(Code.exception) ?? .badData
        case cmodbus_embbadcrc, cmodbus_embbaddata, cmodbus_embbadexc, cmodbus_embunkexc,
            cmodbus_embbadslave:
            code = .badData
        case cmodbus_embmdata, EINVAL:
            code = .invalidRequest
        case ETIMEDOUT, EAGAIN:
            code = .timeout
        case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH:
            code = .connectionRefused
        case ECONNRESET, EPIPE, ENOTCONN, EBADF:
            code = .connectionReset
        default:
            code = .system(value)
        }
        return ModbusError(code: code, device: device, operation: operation, message: message)
    }
}
