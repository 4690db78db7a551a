import Foundation
import Glibc

/// A Modbus TCP "device" written byte by byte: it reads each request and answers with the next
/// scripted reply, however malformed, so the client meets replies no real server library would
/// produce. Independent of our server and of libmodbus.
final class ScriptedTCPPeer: @unchecked Sendable {
    /// One answer to one request, built from the request's bytes (MBAP header and PDU).
    enum Reply: Sendable {
        /// A correct reply to a register read, every register holding `value`.
        case good(value: UInt16)
        /// These bytes, then the connection stays open.
        case bytes(@Sendable ([UInt8]) -> [UInt8])
        /// These bytes, then the peer closes the connection.
        case bytesThenClose(@Sendable ([UInt8]) -> [UInt8])
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var script: [Reply]
    private var stopped = false
    private(set) var connections = 0

    init(script: [Reply]) throws {
        self.script = script
        let (descriptor, address) = try loopbackListener(backlog: 8, reuseAddress: true)
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting; connections in progress end with their reply.
    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// The standard reply to a read request `request`, every register holding `value`.
    static func goodReply(to request: [UInt8], value: UInt16) -> [UInt8] {
        let count = Int(request[10]) << 8 | Int(request[11])
        var pdu: [UInt8] = [request[7], UInt8(count * 2)]
        for _ in 0..<count { pdu += [UInt8(value >> 8), UInt8(value & 0xFF)] }
        return mbap(request, protocolID: 0, length: pdu.count + 1) + pdu
    }

    /// An MBAP header answering `request`: its transaction id, the given protocol id and length,
    /// its unit id.
    static func mbap(_ request: [UInt8], protocolID: UInt16, length: Int) -> [UInt8] {
        [
            request[0], request[1], UInt8(protocolID >> 8), UInt8(protocolID & 0xFF), UInt8(length >> 8),
            UInt8(length & 0xFF), request[6],
        ]
    }

    private func nextReply() -> Reply? {
        lock.withLock { script.isEmpty ? nil : script.removeFirst() }
    }

    private func acceptLoop() {
        while !lock.withLock({ stopped }) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            lock.withLock { connections += 1 }
            serve(connection)
        }
    }

    /// Answers requests on one connection until the script closes it, runs out or the client leaves.
    private func serve(_ connection: Int32) {
        defer { close(connection) }
        while true {
            guard let header = read(connection, count: 7) else { return }
            let length = Int(header[4]) << 8 | Int(header[5])
            guard length >= 1, let pdu = read(connection, count: length - 1) else { return }
            let request = header + pdu
            guard let reply = nextReply() else { return }
            switch reply {
            case .good(let value):
                write(connection, Self.goodReply(to: request, value: value))
            case .bytes(let make):
                write(connection, make(request))
            case .bytesThenClose(let make):
                write(connection, make(request))
                return
            }
        }
    }

    private func read(_ connection: Int32, count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress! + received, count - received, 0) }
            guard n > 0 else { return nil }
            received += n
        }
        return buffer
    }

    private func write(_ connection: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }
}
