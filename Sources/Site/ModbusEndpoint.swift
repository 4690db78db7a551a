import ConfigFiles

/// Where a device answers Modbus TCP requests. Several devices may share a host and port (a gateway
/// or a multi-unit server) as long as their unit ids differ.
public struct ModbusEndpoint: Sendable, Hashable, Codable, CustomStringConvertible {
    public var host: String
    /// TCP port, 1...65535.
    public var port: Int
    /// Modbus unit id (slave id), 1...247 as the protocol allows for addressed requests.
    public var unitId: Int

    public init(host: String = "127.0.0.1", port: Int, unitId: Int = 1) {
        self.host = host
        self.port = port
        self.unitId = unitId
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, unitId
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decode(.host, default: "127.0.0.1")
        guard !host.isEmpty else {
            throw ConfigFieldError(
                code: .invalidValue, path: container.codingPath + [CodingKeys.host],
                message: "host must not be empty")
        }
        port = try container.decode(.port, default: 502, in: 1...65535)
        unitId = try container.decode(.unitId, default: 1, in: 1...247)
    }

    public var description: String { "\(host):\(port)#\(unitId)" }
}
