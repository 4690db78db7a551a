import ConfigFiles

extension Site {
    /// Reads and validates a site file. Every failure names the file, the line and the field.
    ///
    /// With `knownProfiles` (the profile ids in `Meters/`), a device whose profile is not among them
    /// is refused here too, at its line, rather than later by whichever component first needs it.
    public static func load(path: String, knownProfiles: Set<String>? = nil) throws(SiteError) -> Site {
        let root: ConfigNode
        do { root = try ConfigNode.load(path: path) } catch { throw SiteError(error) }
        return try Site(root: root, knownProfiles: knownProfiles)
    }

    /// Parses and validates site YAML. `file` is only used in error messages.
    public init(yaml: String, file: String = "<string>", knownProfiles: Set<String>? = nil) throws(SiteError) {
        let root: ConfigNode
        do { root = try ConfigNode.parse(yaml, file: file) } catch { throw SiteError(error) }
        try self.init(root: root, knownProfiles: knownProfiles)
    }

    private init(root: ConfigNode, knownProfiles: Set<String>?) throws(SiteError) {
        do throws(SiteError) {
            let site: Site
            do { site = try root.decode(Site.self) } catch { throw SiteError(error) }
            try site.validate(file: root.file)
            if let knownProfiles { try site.checkProfiles(known: knownProfiles, file: root.file) }
            self = site
        } catch {
            // Validation knows the field path; the file knows where it is.
            throw error.located(in: root)
        }
    }
}
