import CModbus
import Glibc

extension ModbusClient {
    /// The largest Modbus TCP frame: a 7-byte MBAP header and a 253-byte PDU.
    static let maxTCPFrameLength = 260

    /// Two big-endian 16-bit fields, as requests carry an address and a count or value.
    static func words(_ first: Int, _ second: Int) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: first >> 8), UInt8(truncatingIfNeeded: first),
            UInt8(truncatingIfNeeded: second >> 8), UInt8(truncatingIfNeeded: second),
        ]
    }

    /// Sends one request PDU over TCP and returns the reply's data after its byte count (reads), or
    /// nothing (writes, whose echo is checked).
    ///
    /// libmodbus 3.1.6 checks the transaction id and the byte count of a reply, but takes a reply
    /// whose protocol id is 1 or 0x100 or whose MBAP length is anything at all for registers, and it
    /// waits with select(2), which aborts on descriptors of 1024 or more. Here the bytes are sent and
    /// read without libmodbus (`TCPFrameReader` times out and knows where a frame ends), and every
    /// field of the reply is checked before a value is taken from it.
    ///
    /// - Parameter replyBytes: the byte count a read reply must carry; nil for a write, whose reply
    ///   echoes the request's address and count or value.
    func exchange(
        _ operation: String, unit: Int?, expecting expected: Int, limit: Int = ModbusLimits.registersPerRead,
        request pdu: [UInt8], replyBytes: Int?
    ) throws(ModbusError) -> [UInt8] {
        guard (1...limit).contains(expected) else {
            throw ModbusError(
                code: .invalidRequest, device: configuration.deviceLabel, operation: operation,
                message: "count \(expected) is outside what one Modbus request can carry")
        }
        if !isConnected {
            do throws(ModbusError) { try connect() } catch {
                throw ModbusError(code: error.code, device: error.device, operation: operation, message: error.message)
            }
        }
        do throws(ModbusError) {
            return try exchangeOnce(
                operation, unit: UInt8(truncatingIfNeeded: unit ?? configuration.unitID), pdu: pdu,
                replyBytes: replyBytes)
        } catch {
            if error.needsReconnect {
                // Whatever else the peer sends on this connection cannot be trusted to line up.
                modbus_flush(context)
                close()
            }
            throw error
        }
    }

    private func exchangeOnce(_ operation: String, unit: UInt8, pdu: [UInt8], replyBytes: Int?) throws(ModbusError)
        -> [UInt8]
    {
        let frame = nextRequestFrame(unit: unit, pdu: pdu)
        let socket = modbus_get_socket(context)
        let sent = frame.withUnsafeBytes { send(socket, $0.baseAddress, frame.count, Int32(MSG_NOSIGNAL)) }
        guard sent == frame.count else {
            throw sent < 0
                ? lastError(operation: operation)
                : ModbusError(
                    code: .badData, device: configuration.deviceLabel, operation: operation,
                    message: "sent \(sent) of \(frame.count) bytes")
        }
        var reply = [UInt8](repeating: 0, count: Self.maxTCPFrameLength)
        let timeout = configuration.responseTimeout
        let read = reply.withUnsafeMutableBufferPointer { buffer -> Result<Int, TCPFrameReader.Failure> in
            Result { () throws(TCPFrameReader.Failure) in
                try TCPFrameReader.read(from: socket, kind: .reply, into: buffer, timeout: timeout)
            }
        }
        let received: Int
        switch read {
        case .success(let length): received = length
        case .failure(let failure):
            throw ModbusError.fromErrno(failure.code, device: configuration.deviceLabel, operation: operation)
        }
        return try checkedReplyData(
            reply[0..<received], operation, transaction: transactionID, unit: unit, pdu: pdu, replyBytes: replyBytes)
    }

    /// The next transaction's request frame: an MBAP header with a fresh transaction id, then `pdu`.
    func nextRequestFrame(unit: UInt8, pdu: [UInt8]) -> [UInt8] {
        transactionID &+= 1
        let id = transactionID
        return [UInt8(id >> 8), UInt8(id & 0xFF), 0, 0] + Self.words(pdu.count + 1, 0).prefix(2) + [unit] + pdu
    }

    /// Checks every field of a whole reply frame against the request it answers and returns its data
    /// (after the byte count for reads, nothing for writes); an exception reply is thrown as such.
    func checkedReplyData(
        _ reply: ArraySlice<UInt8>, _ operation: String, transaction id: UInt16, unit: UInt8, pdu: [UInt8],
        replyBytes: Int?
    ) throws(ModbusError) -> [UInt8] {
        func bad(_ message: String) -> ModbusError {
            ModbusError(code: .badData, device: configuration.deviceLabel, operation: operation, message: message)
        }
        let reply = Array(reply)
        let received = reply.count
        guard received >= 9 else { throw bad("a reply of \(received) bytes is shorter than any Modbus TCP reply") }
        let replyID = UInt16(reply[0]) << 8 | UInt16(reply[1])
        guard replyID == id else { throw bad("reply to transaction \(replyID), not \(id)") }
        let protocolID = UInt16(reply[2]) << 8 | UInt16(reply[3])
        guard protocolID == 0 else { throw bad("protocol id \(protocolID) in the reply, not 0 (Modbus)") }
        let length = Int(reply[4]) << 8 | Int(reply[5])
        guard length == received - 6 else {
            throw bad("the MBAP header announces \(length) bytes, the reply has \(received - 6)")
        }
        guard reply[6] == unit else { throw bad("reply from unit \(reply[6]), not \(unit)") }
        let function = reply[7]
        if function == pdu[0] | 0x80 {
            let code = reply[8]
            guard received == 9, ModbusException(rawValue: code) != nil else {
                throw bad("exception reply with code \(code), which Modbus does not define")
            }
            throw ModbusError.fromErrno(
                cmodbus_enobase + Int32(code), device: configuration.deviceLabel, operation: operation)
        }
        guard function == pdu[0] else { throw bad("reply to function \(function), not \(pdu[0])") }
        guard let replyBytes else {
            guard received == 12, Array(reply[8..<12]) == Array(pdu[1..<5]) else {
                throw bad("the reply does not echo the written address and value or count")
            }
            return []
        }
        guard Int(reply[8]) == replyBytes, received == 9 + replyBytes else {
            throw bad("byte count \(reply[8]) with \(received - 9) data bytes, expected \(replyBytes)")
        }
        return Array(reply[9..<received])
    }
}
