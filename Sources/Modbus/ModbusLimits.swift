/// What one Modbus PDU can carry (Modbus application protocol 1.1b3, section 6).
package enum ModbusLimits {
    package static let registersPerRead = 125
    package static let registersPerWrite = 123
    package static let coilsPerRead = 2000
}
