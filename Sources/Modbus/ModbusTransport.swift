/// Where a Modbus device is reached.
public enum ModbusTransport: Sendable, Hashable, CustomStringConvertible {
    /// Modbus TCP (port 502 on real devices).
    case tcp(host: String, port: Int)
    /// Modbus RTU over a serial line (RS-485 adapter or pseudo-terminal).
    case rtu(device: String, serial: SerialSettings = SerialSettings())

    public var description: String {
        switch self {
        case .tcp(let host, let port): "\(host):\(port)"
        case .rtu(let device, let serial): "\(device)@\(serial)"
        }
    }
}

/// Line settings of a serial (RTU) connection; meters commonly ship as 9600 8N1.
public struct SerialSettings: Sendable, Hashable, CustomStringConvertible {
    public enum Parity: String, Sendable, Hashable, Codable {
        case none = "N"
        case even = "E"
        case odd = "O"
    }

    public var baudRate: Int
    public var parity: Parity
    public var dataBits: Int
    public var stopBits: Int

    public init(baudRate: Int = 9600, parity: Parity = .none, dataBits: Int = 8, stopBits: Int = 1) {
        self.baudRate = baudRate
        self.parity = parity
        self.dataBits = dataBits
        self.stopBits = stopBits
    }

    public var description: String { "\(baudRate) \(dataBits)\(parity.rawValue)\(stopBits)" }
}
