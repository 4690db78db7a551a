import GRDB
import Synchronization

extension VillageStore {
    /// Records the site, its households and devices (from the site file) in one transaction.
    ///
    /// Rows already stored are updated, never deleted, so history keeps its devices. Duplicate
    /// identifiers and devices whose household is defined neither here nor in the store are refused
    /// with an error naming them, and nothing is written.
    public func register(site: SiteRecord, households: [HouseholdRecord], devices: [DeviceRecord])
        async throws(StoreError)
    {
        guard !site.id.isEmpty else { throw error(.invalidValue, "site", "site id is empty") }
        var unitIds = Set<String>()
        for household in households {
            guard !household.unitId.isEmpty else { throw error(.invalidValue, "household", "unit id is empty") }
            guard unitIds.insert(household.unitId).inserted else {
                throw error(.duplicateIdentifier, "household \(household.unitId)", "unit id is defined twice")
            }
        }
        var deviceIds = Set<String>()
        for device in devices {
            guard !device.id.isEmpty else { throw error(.invalidValue, "device", "device id is empty") }
            guard deviceIds.insert(device.id).inserted else {
                throw error(.duplicateIdentifier, "device \(device.id)", "device id is defined twice")
            }
        }
        let definedUnits = unitIds
        try await write("register site") { [self] db in
            for device in devices {
                guard let householdId = device.householdId, !definedUnits.contains(householdId) else { continue }
                let stored = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM households WHERE unit_id = ?)", arguments: [householdId])
                if stored != true {
                    throw error(
                        .unknownHousehold, "device \(device.id)",
                        "refers to household \"\(householdId)\", which is not defined")
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO sites (id, name, time_zone) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone
                    """,
                arguments: [site.id, site.name, site.timeZone])
            for household in households {
                try db.execute(
                    sql: """
                        INSERT INTO households (unit_id, site_id) VALUES (?, ?)
                        ON CONFLICT (unit_id) DO UPDATE SET site_id = excluded.site_id
                        """,
                    arguments: [household.unitId, site.id])
            }
            for device in devices {
                try db.execute(
                    sql: """
                        INSERT INTO devices (id, site_id, household_id, kind, profile) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id,
                            household_id = excluded.household_id, kind = excluded.kind, profile = excluded.profile
                        """,
                    arguments: [device.id, site.id, device.householdId, device.kind, device.profile])
            }
        }
        registeredOwners.withLock { $0.removeAll() }
    }

    /// The registered site, or nil before the first registration.
    public func site() async throws(StoreError) -> SiteRecord? {
        try await read("site") { db in
            try Row.fetchOne(db, sql: "SELECT id, name, time_zone FROM sites ORDER BY id LIMIT 1").map { row in
                SiteRecord(id: row["id"], name: row["name"], timeZone: row["time_zone"])
            }
        }
    }

    /// Registered households, by unit id.
    public func households() async throws(StoreError) -> [HouseholdRecord] {
        try await read("households") { db in
            try String.fetchAll(db, sql: "SELECT unit_id FROM households ORDER BY unit_id").map(HouseholdRecord.init)
        }
    }

    /// Registered devices, by id.
    public func devices() async throws(StoreError) -> [DeviceRecord] {
        try await read("devices") { db in
            try Row.fetchAll(db, sql: "SELECT id, household_id, kind, profile FROM devices ORDER BY id").map { row in
                DeviceRecord(
                    id: row["id"], householdId: row["household_id"], kind: row["kind"], profile: row["profile"])
            }
        }
    }
}
