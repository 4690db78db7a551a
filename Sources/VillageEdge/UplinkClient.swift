import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import VillageUplink

/// What the backend answered to one batch.
package enum UplinkAnswer: Sendable, Equatable {
    /// 200: applied (or applied before, `duplicate`).
    case acknowledged(UplinkAcknowledgement)
    /// 409: the batch does not continue the backend's copy of the ledger, which holds `ledgerSize`
    /// transactions; nothing of the batch was applied.
    case conflict(ledgerSize: Int64, message: String)
    /// 409: the backend applied other content under this batch number before (this edge was
    /// re-installed or its database restored); nothing of the batch was applied. The edge numbers
    /// its batches from `nextBatchNumber` and its interval revisions above `intervalRevision`.
    case batchNumberTaken(nextBatchNumber: Int64, ledgerSize: Int64, intervalRevision: Int64, message: String)
}

/// Posts batches to the backend over HTTP(S) with AsyncHTTPClient: one request per batch, the
/// body gzip-compressed JSON, the upload token as a bearer token.
package final class UplinkClient: Sendable {
    package let endpoint: UplinkEndpoint
    private let token: UplinkToken
    private let http: HTTPClient
    /// The longest a batch request may take, answer included.
    private let requestTimeout: TimeAmount

    /// - Parameters:
    ///   - connectTimeout: How long to keep trying to connect (AsyncHTTPClient retries a refused
    ///     connection until then) before the attempt counts as failed.
    package init(
        endpoint: UplinkEndpoint, token: UplinkToken, connectTimeout: TimeAmount = .seconds(10),
        requestTimeout: TimeAmount = .seconds(120)
    ) {
        self.endpoint = endpoint
        self.token = token
        self.requestTimeout = requestTimeout
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: connectTimeout, read: .seconds(60))
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Closes the connections; call once, when done.
    package func shutdown() async {
        try? await http.shutdown()
    }

    /// Sends `batch` and reads the answer. Throws ``UplinkError/transport(_:)`` when there is none,
    /// ``UplinkError/refused(status:message:)`` for any status but 200 and 409, and
    /// ``UplinkError/malformedAnswer(_:)`` when a 200 or 409 does not say what the protocol says.
    package func send(_ batch: InFlightBatch, village: String) async throws(UplinkError) -> UplinkAnswer {
        var request = HTTPClientRequest(url: endpoint.batchesURL)
        request.method = .POST
        request.headers.add(name: "Authorization", value: token.bearerHeader)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Content-Encoding", value: "gzip")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: batch.body))
        let status: Int
        let body: [UInt8]
        do {
            let response = try await http.execute(request, timeout: requestTimeout)
            status = Int(response.status.code)
            var buffer = try await response.body.collect(upTo: 1 << 20)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw UplinkError.transport(token.redact("\(endpoint.batchesURL): \(error)"))
        }
        switch status {
        case 200:
            let answer: UplinkAcknowledgement
            do {
                answer = try UplinkProtocol.decoder().decode(UplinkAcknowledgement.self, from: Data(body))
            } catch {
                throw UplinkError.malformedAnswer("200 without an acknowledgement: \(error)")
            }
            guard answer.batchNumber == batch.number, answer.village == village else {
                throw UplinkError.malformedAnswer(
                    "200 acknowledges batch \(answer.batchNumber) of \(answer.village), "
                        + "not batch \(batch.number) of \(village)")
            }
            return .acknowledged(answer)
        case 409:
            guard let size = Self.ledgerSize(in: body), size >= 0 else {
                throw UplinkError.malformedAnswer("409 without the backend's ledgerSize")
            }
            let message = Self.message(in: body, redactedBy: token)
            guard let next = Self.integer("nextBatchNumber", in: body) else {
                return .conflict(ledgerSize: size, message: message)
            }
            guard next > batch.number, let revision = Self.integer("intervalRevision", in: body), revision >= 0 else {
                throw UplinkError.malformedAnswer(
                    "409 for batch \(batch.number) names the next batch number \(next) "
                        + "without a later number or an intervalRevision")
            }
            return .batchNumberTaken(
                nextBatchNumber: next, ledgerSize: size, intervalRevision: revision, message: message)
        default:
            throw UplinkError.refused(status: status, message: Self.message(in: body, redactedBy: token))
        }
    }

    /// An integer at the top level of a JSON answer.
    static func integer(_ key: String, in body: [UInt8]) -> Int64? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        if let value = object[key] as? Int64 { return value }
        if let value = object[key] as? Int { return Int64(value) }
        return nil
    }

    /// The `ledgerSize` of a JSON answer, at its top level or in an object one level down.
    static func ledgerSize(in body: [UInt8]) -> Int64? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        if let size = object["ledgerSize"] as? Int64 { return size }
        if let size = object["ledgerSize"] as? Int { return Int64(size) }
        for case let nested as [String: Any] in object.values {
            if let size = nested["ledgerSize"] as? Int { return Int64(size) }
        }
        return nil
    }

    /// A short text of an error answer: its `error`, `message` or `reason` when it is JSON, else
    /// the start of the body.
    static func message(in body: [UInt8], redactedBy token: UplinkToken) -> String {
        var text = String(decoding: body.prefix(2_000), as: UTF8.self)
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            for key in ["error", "message", "reason"] {
                if let value = object[key] as? String {
                    text = value
                    break
                }
                if let nested = object[key] as? [String: Any], let value = nested["message"] as? String {
                    text = value
                    break
                }
            }
        }
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return token.redact(String(oneLine.prefix(300)))
    }
}
