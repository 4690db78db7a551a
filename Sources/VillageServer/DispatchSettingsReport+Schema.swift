import Site

/// `GET/PUT /dispatch/settings` answer Site's ``DispatchSettingsReport``, the type `village dispatch
/// settings` prints from a database and decodes from this answer.
extension DispatchSettingsReport {
    static var schema: JSONSchema {
        .record(
            [
                "source": .string(values: ["site-file", "override"]), "changedAt": .nullable(.integer),
                "settings": .openObject,
            ], optional: ["changedAt"])
    }
}
