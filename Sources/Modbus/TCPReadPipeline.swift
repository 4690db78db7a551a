import CModbus
import Glibc

/// Reads registers from many Modbus TCP connections at once on the calling thread: each connection
/// has one request in flight, and one poll(2) waits for the replies of all of them.
///
/// A thread per connection blocking on its own socket costs the kernel a thread switch per reply;
/// here one thread wakes for every reply that has arrived since it last looked, so the cost of a
/// read is the bytes, not the scheduler. Requests on one connection stay one after the other, as a
/// gateway or bus requires, and every reply is checked as ``ModbusClient`` checks it (the same
/// transaction ids, the same errors, the same dropped connection after an error that leaves the link
/// in an unknown state). A connection that has to be opened (again) is opened the same way: its
/// handshake is one more thing the poll waits for, so a host that does not answer costs its own lane
/// a timeout and the other lanes nothing.
package enum TCPReadPipeline {
    /// One read request: function 3 (holding) or 4 (input) registers.
    package struct Read: Sendable, Hashable {
        package var holding: Bool
        package var address: Int
        package var count: Int

        package init(holding: Bool, address: Int, count: Int) {
            self.holding = holding
            self.address = address
            self.count = count
        }
    }

    /// Reads that succeed or fail together: one device's requests, to one unit.
    package struct Batch: Sendable, Hashable {
        package var unit: Int
        package var reads: [Read]

        package init(unit: Int, reads: [Read]) {
            self.unit = unit
            self.reads = reads
        }
    }

    /// One connection and the batches to read over it, in order.
    package struct Lane {
        package let client: ModbusClient
        package var batches: [Batch]

        package init(client: ModbusClient, batches: [Batch]) {
            self.client = client
            self.batches = batches
        }

        /// How many requests the lane sends.
        package var requestCount: Int { batches.reduce(0) { $0 + $1.reads.count } }
    }

    /// Runs every lane to its end and returns, per lane and per batch, the words of each read or the
    /// batch's first error (its later reads are not sent). A lane's client connects when needed,
    /// with its own timeout, and must be a TCP client used by no other thread meanwhile; when the
    /// connection cannot be opened, the lane's remaining batches fail with that error without
    /// another attempt.
    ///
    /// `laneFinished` is called on this thread once per lane, as soon as the lane is done, with its
    /// index and results: a caller can start on them (decode them on another thread) while the
    /// other lanes still read. The lane's client is no longer used by the pipeline by then.
    package static func run(
        _ lanes: [Lane], laneFinished: (Int, [Result<[[UInt16]], ModbusError>]) -> Void = { _, _ in }
    ) -> [[Result<[[UInt16]], ModbusError>]] {
        var states = lanes.map(LaneState.init)
        var reported = [Bool](repeating: false, count: states.count)
        func reportIfDone(_ index: Int) {
            guard !reported[index], states[index].awaited == nil else { return }
            reported[index] = true
            laneFinished(index, states[index].results)
        }
        for index in states.indices {
            states[index].sendNext()
            reportIfDone(index)
        }
        var pollers: [pollfd] = []
        var waiting: [Int] = []
        while true {
            pollers.removeAll(keepingCapacity: true)
            waiting.removeAll(keepingCapacity: true)
            var nearest: ContinuousClock.Instant?
            for index in states.indices {
                guard let awaited = states[index].awaited else { continue }
                pollers.append(pollfd(fd: awaited.socket, events: awaited.events, revents: 0))
                waiting.append(index)
                nearest = min(nearest ?? awaited.deadline, awaited.deadline)
            }
            guard let nearest else { break }
            let ready = pollers.withUnsafeMutableBufferPointer {
                poll($0.baseAddress, nfds_t($0.count), milliseconds(until: nearest))
            }
            if ready < 0 && errno != EINTR {
                let failure = errno
                for index in waiting {
                    states[index].fail(code: failure)
                    reportIfDone(index)
                }
                continue
            }
            let now = ContinuousClock.now
            for (slot, index) in waiting.enumerated() {
                if pollers[slot].revents != 0 {
                    if states[index].connecting != nil {
                        states[index].connected()
                    } else {
                        states[index].receive()
                    }
                } else if let awaited = states[index].awaited, awaited.deadline <= now {
                    states[index].fail(code: ETIMEDOUT)
                }
                reportIfDone(index)
            }
        }
        return states.map(\.results)
    }

    /// Milliseconds to `deadline` for poll(2), rounded up so that a wait never ends just before it.
    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// The request a lane waits for: which it is, and how much of its reply has come.
    private struct Pending {
        var socket: Int32
        var transaction: UInt16
        var unit: UInt8
        var pdu: [UInt8]
        var operation: String
        var deadline: ContinuousClock.Instant
        var reply = [UInt8](repeating: 0, count: ModbusClient.maxTCPFrameLength)
        var received = 0
    }

    /// A connection whose handshake a lane waits for before it sends the read `operation`.
    private struct Connecting {
        var socket: Int32
        var operation: String
        var deadline: ContinuousClock.Instant
    }

    private struct LaneState {
        let client: ModbusClient
        let batches: [Batch]
        var results: [Result<[[UInt16]], ModbusError>] = []
        var words: [[UInt16]] = []
        var pending: Pending?
        var connecting: Connecting?
        /// Why the connection could not be opened in this run: the later batches fail with it.
        var connectFailure: ModbusError?

        /// The socket the lane waits on, for what, and until when; nil when the lane is done.
        var awaited: (socket: Int32, events: Int16, deadline: ContinuousClock.Instant)? {
            if let connecting { return (connecting.socket, Int16(POLLOUT), connecting.deadline) }
            if let pending { return (pending.socket, Int16(POLLIN), pending.deadline) }
            return nil
        }

        init(_ lane: Lane) {
            client = lane.client
            batches = lane.batches
            results.reserveCapacity(lane.batches.count)
        }

        /// Sends the next read of the current batch (or of the next one), skipping batches that fail
        /// before a request is on the wire; leaves `pending` nil when the lane is done.
        mutating func sendNext() {
            while results.count < batches.count {
                let batch = batches[results.count]
                let read = batch.reads[words.count]
                let operation = "read \(read.count) \(read.holding ? "holding" : "input") registers at \(read.address)"
                guard (1...ModbusLimits.registersPerRead).contains(read.count) else {
                    finish(
                        .failure(
                            ModbusError(
                                code: .invalidRequest, device: client.configuration.deviceLabel, operation: operation,
                                message: "count \(read.count) is outside what one Modbus request can carry")))
                    continue
                }
                if let connectFailure {
                    finish(.failure(Self.failure(connectFailure, operation: operation)))
                    continue
                }
                if !client.isConnected {
                    do throws(ModbusError) {
                        if let socket = try client.beginConnect() {
                            pending = nil
                            connecting = Connecting(
                                socket: socket, operation: operation,
                                deadline: .now + client.configuration.responseTimeout)
                            return
                        }
                    } catch {
                        connectFailure = error
                        finish(.failure(Self.failure(error, operation: operation)))
                        continue
                    }
                }
                let unit = UInt8(truncatingIfNeeded: batch.unit)
                let pdu = [read.holding ? 3 : 4] + ModbusClient.words(read.address, read.count)
                let frame = client.nextRequestFrame(unit: unit, pdu: pdu)
                let socket = client.descriptor
                let sent = frame.withUnsafeBytes { send(socket, $0.baseAddress, frame.count, Int32(MSG_NOSIGNAL)) }
                guard sent == frame.count else {
                    let error =
                        sent < 0
                        ? client.lastError(operation: operation)
                        : ModbusError(
                            code: .badData, device: client.configuration.deviceLabel, operation: operation,
                            message: "sent \(sent) of \(frame.count) bytes")
                    drop(error)
                    continue
                }
                pending = Pending(
                    socket: socket, transaction: client.transactionID, unit: unit, pdu: pdu, operation: operation,
                    deadline: .now + client.configuration.responseTimeout)
                return
            }
            pending = nil
        }

        /// The handshake the lane waited for has ended: on with the request it held back, or the
        /// batch fails with the handshake's error.
        mutating func connected() {
            guard let attempt = connecting else { return }
            connecting = nil
            do throws(ModbusError) { try client.completeConnect(attempt.socket) } catch {
                connectFailure = error
                finish(.failure(Self.failure(error, operation: attempt.operation)))
            }
            sendNext()
        }

        /// A connect error as the failure of the read that needed the connection.
        private static func failure(_ error: ModbusError, operation: String) -> ModbusError {
            ModbusError(code: error.code, device: error.device, operation: operation, message: error.message)
        }

        /// Reads what has arrived of the pending reply; a whole frame is checked and taken.
        mutating func receive() {
            guard var current = pending else { return }
            let wanted = TCPFrameReader.wantedLength(of: current.reply, received: current.received, kind: .reply)
            guard wanted <= current.reply.count else { return fail(code: cmodbus_embbaddata) }
            let socket = current.socket
            let received = current.received
            let got = current.reply.withUnsafeMutableBytes {
                recv(socket, $0.baseAddress! + received, wanted - received, Int32(MSG_DONTWAIT))
            }
            if got == 0 { return fail(code: ECONNRESET) }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { return }
                return fail(code: errno)
            }
            current.received += got
            pending = current
            // The frame is whole when its header, fixed part and counted part have all come.
            guard
                TCPFrameReader.wantedLength(of: current.reply, received: current.received, kind: .reply)
                    == current.received
            else { return }
            let registers = current.pdu.count == 5 ? Int(current.pdu[3]) << 8 | Int(current.pdu[4]) : 0
            do throws(ModbusError) {
                let data = try client.checkedReplyData(
                    current.reply[0..<current.received], current.operation, transaction: current.transaction,
                    unit: current.unit, pdu: current.pdu, replyBytes: registers * 2)
                words.append((0..<registers).map { UInt16(data[2 * $0]) << 8 | UInt16(data[2 * $0 + 1]) })
            } catch {
                drop(error)
                return sendNext()
            }
            pending = nil
            if words.count == batches[results.count].reads.count {
                finish(.success(words))
            }
            sendNext()
        }

        /// The pending request failed with an errno (or a libmodbus code): on with the next batch.
        mutating func fail(code: Int32) {
            if let attempt = connecting {
                // The handshake did not end in time (or the poll failed): the connection is given up.
                client.abandonConnect(attempt.socket)
                connecting = nil
                let error = ModbusError.fromErrno(code, device: client.configuration.deviceLabel, operation: "connect")
                connectFailure = error
                finish(.failure(Self.failure(error, operation: attempt.operation)))
                return sendNext()
            }
            let operation = pending?.operation ?? "read"
            drop(ModbusError.fromErrno(code, device: client.configuration.deviceLabel, operation: operation))
            sendNext()
        }

        /// Ends the current batch with `error`, dropping the connection when the link can no longer be
        /// trusted to line up.
        mutating func drop(_ error: ModbusError) {
            if error.needsReconnect {
                modbus_flush(client.context)
                client.close()
            }
            pending = nil
            finish(.failure(error))
        }

        private mutating func finish(_ result: Result<[[UInt16]], ModbusError>) {
            results.append(result)
            words.removeAll(keepingCapacity: true)
        }
    }
}

extension TCPFrameReader {
    /// How many bytes the frame in `buffer` needs before the next look: the header first, then its
    /// fixed part, then its counted part; equal to `received` once the frame is whole.
    static func wantedLength(of buffer: [UInt8], received: Int, kind: FrameKind) -> Int {
        guard received >= headerAndFunction else { return headerAndFunction }
        let fixed = headerAndFunction + kind.metaLength(function: buffer[7])
        guard received >= fixed else { return fixed }
        return buffer.withUnsafeBufferPointer { pointer in
            fixed + kind.dataLength(UnsafeMutableBufferPointer(mutating: pointer))
        }
    }
}
