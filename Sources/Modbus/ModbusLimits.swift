/// What one Modbus PDU can carry (Modbus application protocol 1.1b3, section 6).
public enum ModbusLimits {
    public static let registersPerRead = 125
    public static let registersPerWrite = 123
    public static let coilsPerRead = 2000
}
