import CZlib

/// gzip (RFC 1952) through zlib: the uplink's request bodies are JSON, which compresses about
/// tenfold, and a village's link to the city may be a slow one.
package enum Gzip {
    /// A gzip member holding `bytes`, at zlib's default level.
    package static func compress(_ bytes: [UInt8]) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        let status = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GzipError(operation: "deflateInit2", code: status) }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        var input = bytes
        let written: Int = try input.withUnsafeMutableBufferPointer { (source) throws(GzipError) -> Int in
            try output.withUnsafeMutableBufferPointer { (target) throws(GzipError) -> Int in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let code = deflate(&stream, Z_FINISH)
                guard code == Z_STREAM_END else { throw GzipError(operation: "deflate", code: code) }
                return target.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(written...)
        return output
    }

    /// The bytes of a gzip member (for reading back a stored batch).
    package static func decompress(_ bytes: [UInt8], limit: Int = 256 << 20) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GzipError(operation: "inflateInit2", code: status) }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        try input.withUnsafeMutableBufferPointer { (source) throws(GzipError) in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let code = inflate(&stream, Z_NO_FLUSH)
                    return (code, target.count - Int(stream.avail_out))
                }
                output += chunk[..<produced]
                guard output.count <= limit else { throw GzipError(operation: "inflate", code: Z_BUF_ERROR) }
                if code == Z_STREAM_END { return }
                guard code == Z_OK else { throw GzipError(operation: "inflate", code: code) }
            }
        }
        return output
    }
}

/// zlib refused to compress or decompress.
package struct GzipError: Error, CustomStringConvertible {
    package var operation: String
    package var code: Int32

    package var description: String { "gzip: \(operation) failed with zlib code \(code)" }
}
