import Glibc
import Site

extension Site {
    /// The same site with every Modbus port moved to a distinct port that is free on loopback now, so
    /// a demo or a test can serve the village beside another simulator. Devices that shared a port
    /// still share one.
    public func onFreeLoopbackPorts() -> Site {
        var site = self
        var moved: [Int: Int] = [:]
        for index in site.devices.indices {
            let port = site.devices[index].endpoint.port
            // The kernel may hand out a just-closed port again: keep the ports distinct.
            while moved[port] == nil {
                let candidate = Self.freeLoopbackPort()
                if candidate > 0, !moved.values.contains(candidate) { moved[port] = candidate }
            }
            site.devices[index].endpoint.host = "127.0.0.1"
            site.devices[index].endpoint.port = moved[port]!
        }
        return site
    }

    /// A port the kernel picks as free on 127.0.0.1, or 0 on failure.
    static func freeLoopbackPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : 0
    }
}
