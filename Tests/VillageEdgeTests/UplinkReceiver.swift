import Foundation
import Market
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import Synchronization
import VillageStore
import VillageUplink

/// A test double of the city backend as the edge sees it over the network: an HTTP server on a
/// loopback port that decompresses and records the batches it is sent, keeps per interval the value
/// of the highest revision, continues a ledger copy, and answers as `UplinkProtocol` says. Faults
/// are scripted per request: a 500, a hang-up after reading half the body, applying a batch and
/// hanging up before answering, holding a request unanswered; and `stop()` closes the port.
///
/// Built on NIO rather than Hummingbird so that it can close a connection in the middle of a
/// request body. It is not the backend: dedupe there is the backend's own business.
final class UplinkReceiver: Sendable {
    enum Fault: Sendable, Equatable {
        case serverError
        case hangUpMidRequest
        case applyThenHangUp
        case unauthorizedEchoingToken
    }

    /// One request as it arrived.
    struct Request: Sendable {
        var batch: UplinkBatch?
        var compressedBytes: Int
        var decompressedBytes: Int
        var contentEncoding: String?
        var authorization: String?
        /// What was answered: a status, or nil for a hang-up or a held request.
        var status: Int?
        var duplicate: Bool
    }

    struct State: Sendable {
        var faults: [Fault] = []
        /// Requests for batches numbered this or higher are held unanswered.
        var holdFrom: Int64?
        var requests: [Request] = []
        var applied: [Int64: UplinkBatch] = [:]
        var intervals: [String: UplinkInterval] = [:]
        var events: Set<DeviceEvent> = []
        var ledger: [LedgerTransaction] = []
        var checkpoints: [Int64: LedgerCheckpoint] = [:]
    }

    let token: String
    let port: Int
    let state = Mutex(State())
    private let channel = Mutex<(any Channel)?>(nil)
    /// The numbers of batches held unanswered, as they arrive.
    let held: AsyncStream<Int64>
    private let heldContinuation: AsyncStream<Int64>.Continuation

    init(token: String, port: Int) {
        self.token = token
        self.port = port
        (held, heldContinuation) = AsyncStream.makeStream()
    }

    static func key(_ interval: IntervalEnergy) -> String {
        "\(interval.owner.kind)/\(interval.owner.id)/\(interval.channel.rawValue)/\(interval.start)"
    }

    /// Listens on `port` (again, after `stop()`).
    func start() async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = Connection()
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FaultHandler(receiver: self, connection: connection))
                    try channel.pipeline.syncOperations.addHandler(NIOHTTPRequestDecompressor(limit: .none))
                    try channel.pipeline.syncOperations.addHandler(BatchHandler(receiver: self, connection: connection))
                }
            }
        let server = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        channel.withLock { $0 = server }
    }

    /// Closes the listening socket: the backend is down.
    func stop() async throws {
        let server = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try await server?.close()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    // MARK: - What a request gets

    func record(_ request: Request) {
        state.withLock { $0.requests.append(request) }
    }

    func heldRequest(_ number: Int64) { heldContinuation.yield(number) }

    /// Applies a batch as a backend would; returns the status and body to answer.
    func apply(_ batch: UplinkBatch) -> (status: Int, body: Data, duplicate: Bool) {
        state.withLock { state in
            if state.applied[batch.batchNumber] != nil {
                return (200, Self.acknowledgement(batch, duplicate: true, state), true)
            }
            if let first = batch.ledger.first, first.sequence != Int64(state.ledger.count) {
                let body = #"{"error":"the ledger does not continue","ledgerSize":\#(state.ledger.count)}"#
                return (409, Data(body.utf8), false)
            }
            let heldAfter = state.ledger.count + batch.ledger.count
            if let beyond = batch.checkpoints.first(where: { $0.treeSize > Int64(heldAfter) }) {
                let body =
                    #"{"error":"checkpoint of size \#(beyond.treeSize) is beyond the ledger","ledgerSize":\#(state.ledger.count)}"#
                return (409, Data(body.utf8), false)
            }
            for item in batch.intervals {
                let key = Self.key(item.interval)
                if (state.intervals[key]?.revision ?? -1) < item.revision { state.intervals[key] = item }
            }
            state.events.formUnion(batch.events)
            state.ledger += batch.ledger
            for checkpoint in batch.checkpoints { state.checkpoints[checkpoint.treeSize] = checkpoint }
            state.applied[batch.batchNumber] = batch
            return (200, Self.acknowledgement(batch, duplicate: false, state), false)
        }
    }

    private static func acknowledgement(_ batch: UplinkBatch, duplicate: Bool, _ state: State) -> Data {
        let answer = UplinkAcknowledgement(
            village: batch.village, batchNumber: batch.batchNumber, duplicate: duplicate,
            ledgerSize: Int64(state.ledger.count))
        return (try? UplinkProtocol.encoder().encode(answer)) ?? Data()
    }
}

/// What the two handlers of one connection share; both run on its event loop.
private final class Connection: @unchecked Sendable {
    /// The body size of the current request as sent (compressed).
    var compressedBytes = 0
}

/// Before decompression: sees the body as sent, records its size and encoding, and hangs up
/// after half of it when told to.
private final class FaultHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    let receiver: UplinkReceiver
    let connection: Connection
    var expected = 0
    var received = 0
    var hangingUp = false

    init(receiver: UplinkReceiver, connection: Connection) {
        self.receiver = receiver
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            expected = Int(head.headers.first(name: "content-length") ?? "") ?? 0
            received = 0
            hangingUp = false
            hangingUp = receiver.takeFault(matching: .hangUpMidRequest)
        case .body(let buffer):
            received += buffer.readableBytes
            if hangingUp, received * 2 >= expected {
                receiver.record(
                    UplinkReceiver.Request(
                        batch: nil, compressedBytes: received, decompressedBytes: 0, contentEncoding: nil,
                        authorization: nil, status: nil, duplicate: false))
                context.close(promise: nil)
                return
            }
        case .end:
            connection.compressedBytes = received
        }
        if hangingUp { return }
        context.fireChannelRead(data)
    }
}

/// After decompression: collects the batch, applies it and answers (or not, when a fault says so).
private final class BatchHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let receiver: UplinkReceiver
    let connection: Connection
    var head: HTTPRequestHead?
    var body = ByteBuffer()

    init(receiver: UplinkReceiver, connection: Connection) {
        self.receiver = receiver
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var buffer):
            body.writeBuffer(&buffer)
        case .end:
            answer(context: context)
        }
    }

    private func answer(context: ChannelHandlerContext) {
        guard let head else { return }
        let bytes = Data(body.readableBytesView)
        var request = UplinkReceiver.Request(
            batch: nil, compressedBytes: 0, decompressedBytes: bytes.count,
            contentEncoding: head.headers.first(name: "content-encoding"),
            authorization: head.headers.first(name: "authorization"), status: nil, duplicate: false)
        guard head.method == .POST, head.uri == UplinkProtocol.batchesPath else {
            return respond(context, 404, Data(#"{"error":"not found"}"#.utf8), request)
        }
        if receiver.takeFault(matching: .unauthorizedEchoingToken) {
            let text = #"{"error":"unknown token \#(request.authorization ?? "")"}"#
            return respond(context, 401, Data(text.utf8), request)
        }
        guard request.authorization == "Bearer \(receiver.token)" else {
            return respond(context, 401, Data(#"{"error":"bad token"}"#.utf8), request)
        }
        guard let batch = try? UplinkProtocol.decoder().decode(UplinkBatch.self, from: bytes) else {
            return respond(context, 400, Data(#"{"error":"not a batch"}"#.utf8), request)
        }
        request.batch = batch
        if let hold = receiver.state.withLock({ $0.holdFrom }), batch.batchNumber >= hold {
            receiver.record(request)
            receiver.heldRequest(batch.batchNumber)
            return
        }
        if receiver.takeFault(matching: .serverError) {
            return respond(context, 500, Data(#"{"error":"internal error"}"#.utf8), request)
        }
        let applyThenHangUp = receiver.takeFault(matching: .applyThenHangUp)
        let (status, answer, duplicate) = receiver.apply(batch)
        request.duplicate = duplicate
        if applyThenHangUp {
            receiver.record(request)
            context.close(promise: nil)
            return
        }
        respond(context, status, answer, request)
    }

    private func respond(
        _ context: ChannelHandlerContext, _ status: Int, _ body: Data, _ request: UplinkReceiver.Request
    ) {
        var request = request
        request.status = status
        request.compressedBytes = connection.compressedBytes
        receiver.record(request)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: "\(body.count)")
        context.write(
            wrapOutboundOut(
                .head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

extension UplinkReceiver {
    /// Takes the next fault when it is `fault`.
    func takeFault(matching fault: Fault) -> Bool {
        state.withLock { state in
            guard state.faults.first == fault else { return false }
            state.faults.removeFirst()
            return true
        }
    }
}
