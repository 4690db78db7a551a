/// Headers on every page: a Content-Security-Policy that allows no script at all, styles and images
/// from the server only, forms posting back to it only and no framing (clickjacking); no MIME
/// sniffing; no referrer leaving the site; no caching of pages that show a household's money.
package enum SecurityHeaders {
    package static let contentSecurityPolicy = [
        "default-src 'none'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'",
        "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    /// Name and value pairs, in a fixed order.
    package static func all(secure: Bool) -> [(name: String, value: String)] {
        var headers = [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Cache-Control", "no-store"),
        ]
        // Only over TLS: a browser ignores it on plain HTTP, and it must not pin a loopback test host.
        if secure { headers.append(("Strict-Transport-Security", "max-age=31536000")) }
        return headers
    }
}
