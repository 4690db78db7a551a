import Foundation
import Hummingbird
import PostgresNIO
import VillageServer

/// `GET /api/v1/research/intervals?format=csv|jsonl&from=&to=`: every village's intervals in a
/// time range, streamed as rows are read, with villages and households replaced by pseudonyms
/// unless the researcher holds a raw export grant (`raw`). Plant equipment keeps its id: it is the
/// village's, not a person's.
struct ResearchExport: Sendable {
    let database: BackendDatabase
    /// Identifiers as stored, for a researcher an operator granted them to.
    let raw: Bool

    enum Format: String {
        case csv, jsonl
    }

    func response(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        for (name, _) in query where !["format", "from", "to"].contains(String(name)) {
            throw APIError.badRequest(field: String(name), "unknown query parameter (allowed: format, from, to)")
        }
        let formatText = query.get("format") ?? "csv"
        guard let format = Format(rawValue: formatText) else {
            throw APIError.badRequest(field: "format", "\(formatText) is not csv or jsonl")
        }
        let from = try Self.time(query.get("from"), field: "from") ?? Int64.min
        let to = try Self.time(query.get("to"), field: "to") ?? Int64.max
        guard from <= to else { throw APIError.badRequest(field: "to", "is before from") }
        let pseudonyms = raw ? nil : Pseudonyms(secret: try await database.pseudonymKey())
        let database = database
        let body = ResponseBody { writer in
            let rows = try await database.client.query(
                """
                SELECT v.name, i.owner_kind, i.owner_id, i.channel, i.start, i.value, i.quality
                FROM intervals i JOIN villages v ON v.id = i.village_id
                WHERE i.start >= \(from) AND i.start < \(to)
                ORDER BY v.name, i.owner_kind, i.owner_id, i.channel, i.start
                """, logger: database.logger)
            var buffer = ByteBuffer()
            if format == .csv { buffer.writeString("village,owner_kind,owner,channel,start,value,quality\n") }
            for try await (village, kind, owner, channel, start, value, quality) in rows.decode(
                (String, String, String, String, Int64, Int64, Int16).self)
            {
                let villageID = pseudonyms?.village(village) ?? village
                let ownerID = kind == "household" ? pseudonyms?.household(owner, village: village) ?? owner : owner
                let qualityName = IntervalQualityName.name(rank: quality)
                switch format {
                case .csv:
                    buffer.writeString(
                        "\(Self.csvField(villageID)),\(kind),\(Self.csvField(ownerID)),\(channel),\(start),\(value),"
                            + "\(qualityName)\n")
                case .jsonl:
                    let line = Line(
                        village: villageID, ownerKind: kind, owner: ownerID, channel: channel, start: start,
                        value: value, quality: qualityName)
                    buffer.writeBytes(try Self.encoder.encode(line))
                    buffer.writeString("\n")
                }
                if buffer.readableBytes >= 64 << 10 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
            try await writer.finish(nil)
        }
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/jsonl"
        var headers: HTTPFields = [.contentType: type]
        headers[Self.identifiersHeader] = raw ? "raw" : "pseudonymised"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Tells the reader which identifiers the export holds.
    static let identifiersHeader = HTTPFields.Element.Name("Village-Export-Identifiers")!

    struct Line: Encodable {
        var village: String
        var ownerKind: String
        var owner: String
        var channel: String
        var start: Int64
        var value: Int64
        var quality: String
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func time(_ text: String?, field: String) throws(APIError) -> Int64? {
        guard let text else { return nil }
        guard let value = Int64(text) else { throw .badRequest(field: field, "expected UTC Unix seconds") }
        return value
    }

    /// An id with a comma or quote is quoted, as RFC 4180 says.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
