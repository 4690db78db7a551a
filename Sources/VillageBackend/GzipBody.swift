import CZlib

/// The body of a request sent with `Content-Encoding: gzip` (RFC 1952), inflated through zlib with
/// a cap, so that a small compressed body cannot expand to fill the memory.
enum GzipBody {
    /// The inflated bytes; nil when `bytes` is not one complete gzip member or inflates beyond `limit`.
    static func inflate(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        var stream = z_stream()
        // windowBits 15 + 16: expect a gzip header and trailer.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let complete = input.withUnsafeMutableBufferPointer { source -> Bool in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let code = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (code, target.count - Int(stream.avail_out))
                }
                output += chunk[..<produced]
                if output.count > limit { return false }
                if code == Z_STREAM_END { return stream.avail_in == 0 }
                guard code == Z_OK, produced > 0 || stream.avail_in > 0 else { return false }
            }
        }
        return complete ? output : nil
    }
}
