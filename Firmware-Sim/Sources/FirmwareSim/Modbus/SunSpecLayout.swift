import Modbus

/// Where each SunSpec model starts in a device's holding registers: "SunS" at 40000, then the models
/// in order, each `[ID][L][L registers]`, then the end marker `0xFFFF, 0`.
struct SunSpecLayout: Sendable {
    static let base = 40_000
    /// (model id, length L, first register of the model = its ID).
    let models: [(id: Int, length: Int, start: Int)]
    let endMarker: Int

    init(models ids: [(id: Int, length: Int)]) {
        var start = Self.base + 2
        var models: [(Int, Int, Int)] = []
        for (id, length) in ids {
            models.append((id, length, start))
            start += 2 + length
        }
        self.models = models
        endMarker = start
    }

    var space: RegisterSpace { RegisterSpace(holdingRegisters: Self.base..<(endMarker + 2)) }

    func start(of id: Int) -> Int {
        models.first { $0.id == id }.map(\.start) ?? Self.base
    }

    /// The fixed parts: marker, model headers, end marker, and model 1 (common).
    func skeleton(manufacturer: String, model: String, serial: String, version: String, unitId: Int) -> WordImage {
        var image = WordImage(base: Self.base, count: endMarker + 2 - Self.base)
        image.put(0, [0x5375, 0x6E53])
        for model in models {
            image.u16(model.start - Self.base, model.id)
            image.u16(model.start - Self.base + 1, model.length)
        }
        image.put(endMarker - Self.base, [0xFFFF, 0])
        let common = start(of: 1) - Self.base
        image.string(common + 2, manufacturer, registers: 16)
        image.string(common + 18, model, registers: 16)
        image.string(common + 34, "", registers: 8)
        image.string(common + 42, version, registers: 8)
        image.string(common + 50, serial, registers: 16)
        image.u16(common + 66, unitId)
        if models.first(where: { $0.id == 1 })?.length == 66 {
            image.u16(common + 67, 0x8000)  // Pad
        }
        return image
    }

    /// Offset of a point inside the image: model start + point offset (ID at 0, L at 1).
    func offset(model id: Int, _ point: Int) -> Int {
        start(of: id) - Self.base + point
    }
}
