import EnergyDispatch
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SVG chart of a plan: well-formed XML, one curve per series with a point per step, every curve
/// inside its panel and drawn to scale, and the labels a reader needs.
struct PlanChartTests {
    /// An element of the parsed SVG: its name, attributes and text.
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }

    /// Collects every element with its text, and whether the document parsed.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        private var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            elements.append(Element(name: elementName, attributes: attributeDict))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = open.last { elements[last].text += string }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            open.removeLast()
        }
    }

    static func parse(_ svg: String) throws -> [Element] {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        let parsed = parser.parse()
        #expect(parsed, "the SVG is not well-formed XML: \(String(describing: parser.parserError))")
        try #require(parsed)
        return collector.elements
    }

    /// The vertices of a series element: polyline points, or the step path's segments (each step one
    /// `H` segment at the step's y).
    static func vertices(_ element: Element) throws -> [(x0: Double, x1: Double, y: Double)] {
        if element.name == "polyline" {
            return try (element.attributes["points"] ?? "").split(separator: " ").map { pair in
                let numbers = pair.split(separator: ",").compactMap { Double($0) }
                try #require(numbers.count == 2)
                return (numbers[0], numbers[0], numbers[1])
            }
        }
        #expect(element.name == "path")
        var result: [(Double, Double, Double)] = []
        var x = Double.nan
        var y = Double.nan
        let tokens = (element.attributes["d"] ?? "").split(separator: " ")
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let command = token.first
            let value = try #require(Double(token.dropFirst()))
            switch command {
            case "M":
                x = value
                index += 1
                y = try #require(Double(tokens[index]))
            case "V": y = value
            case "H":
                result.append((x, value, y))
                x = value
            default: Issue.record("unexpected path command \(token)")
            }
            index += 1
        }
        return result
    }

    /// The values each series must show, computed here from the request and plan.
    static func expectedValues(request: PlanRequest, plan: DispatchPlan) -> [String: [Double]] {
        let hours = request.stepHours
        let capacity = request.plant.battery.capacityKWh
        return [
            "import price": request.importPriceMilliWonPerKWh.map { Double($0 ?? 0) / 1000 },
            "export price": request.exportPriceMilliWonPerKWh.map { Double($0 ?? 0) / 1000 },
            "PV forecast": request.pvForecastWh.map { $0 / 1000 / hours },
            "load": request.loadWh.map { $0 / 1000 / hours },
            "SoC": plan.steps.map { $0.batteryEnergyWh / 1000 / capacity * 100 },
            "hot tank": plan.steps.map { $0.hotTankWh / 1000 },
            "cold tank": plan.steps.map { $0.coldTankWh / 1000 },
            "heating": plan.steps.map { $0.heatPumpHeatingWh / 1000 / hours },
            "cooling": plan.steps.map { $0.heatPumpCoolingWh / 1000 / hours },
        ]
    }

    static func chart(seed: UInt64, steps: Int) throws -> (PlanRequest, DispatchPlan, PlanCost, String) {
        let request = RandomScenario.request(seed: seed, steps: steps)
        let plan = try OptimalStrategy(solver: SolverKind.clp.makeSolver()).plan(request)
        let cost = CostEvaluator.cost(of: plan, on: request)
        return (
            request, plan, cost,
            PlanChart(request: request, plan: plan, cost: cost, subtitle: "tariff <test> & co").svg()
        )
    }

    @Test(
        "Every series: one vertex per step, inside its panel, drawn to one linear scale",
        arguments: [(UInt64(3), 96), (UInt64(8), 192)])
    func seriesAreInsideAndToScale(seed: UInt64, steps: Int) throws {
        let (request, plan, _, svg) = try Self.chart(seed: seed, steps: steps)
        let elements = try Self.parse(svg)
        #expect(elements.first?.name == "svg")
        let plots = Dictionary(
            uniqueKeysWithValues: elements.filter { $0.attributes["class"] == "plot" }.compactMap { element in
                element.attributes["data-panel"].map { ($0, element) }
            })
        #expect(Set(plots.keys) == ["prices", "power", "soc", "tanks", "heatpumps"])
        let series = elements.filter { $0.attributes["class"] == "series" }
        let expected = Self.expectedValues(request: request, plan: plan)
        #expect(series.compactMap { $0.attributes["data-series"] }.sorted() == expected.keys.sorted())
        for element in series {
            let name = try #require(element.attributes["data-series"])
            let plot = try #require(plots[element.attributes["data-panel"] ?? ""])
            let number = { (key: String) in Double(plot.attributes[key] ?? "") ?? .nan }
            let (left, top) = (number("x"), number("y"))
            let (right, bottom) = (left + number("width"), top + number("height"))
            let vertices = try Self.vertices(element)
            #expect(vertices.count == steps, "\(name)")
            for vertex in vertices {
                #expect(vertex.x0 >= left - 1e-9 && vertex.x1 <= right + 1e-9, "\(name) leaves the plot horizontally")
                #expect(vertex.y >= top - 1e-9 && vertex.y <= bottom + 1e-9, "\(name) leaves the plot vertically")
            }
            // Time runs left to right, one step per vertex.
            #expect(
                zip(vertices, vertices.dropFirst()).allSatisfy {
                    $0.x1 < $1.x1 && abs($1.x0 - $0.x1) < 1e-9 || $0.x0 == $0.x1 && $0.x1 < $1.x1
                })
            // To scale: y is one decreasing linear function of the value for the whole series, so the
            // minimum and maximum are drawn where they are, not clipped at the frame.
            let values = try #require(expected[name])
            guard let low = values.indices.min(by: { values[$0] < values[$1] }),
                let high = values.indices.max(by: { values[$0] < values[$1] }), values[high] - values[low] > 1e-6
            else { continue }
            let slope = (vertices[high].y - vertices[low].y) / (values[high] - values[low])
            #expect(slope < 0, "\(name): larger values must be drawn higher")
            for (value, vertex) in zip(values, vertices) {
                let predicted = vertices[low].y + slope * (value - values[low])
                #expect(
                    abs(predicted - vertex.y) < 0.02, "\(name): \(value) drawn at \(vertex.y), expected \(predicted)")
            }
        }
    }

    @Test("Title with the cost, panel titles with units, legend, local hour ticks")
    func labels() throws {
        let (request, plan, cost, svg) = try Self.chart(seed: 5, steps: 96)
        let texts = try Self.parse(svg).filter { $0.name == "text" }
        let title = try #require(texts.first { $0.attributes["class"] == "title" }?.text)
        #expect(title.contains(PlanChart.won(cost.importCostWon - cost.exportRevenueWon)))
        #expect(title.contains(plan.strategy.rawValue))
        let subtitle = try #require(texts.first { $0.attributes["class"] == "subtitle" }?.text)
        #expect(subtitle.hasPrefix("tariff <test> & co"))
        let panelTitles = texts.filter { $0.attributes["class"] == "panel-title" }.map(\.text)
        for unit in ["(won/kWh)", "(kW)", "(%)", "(kWh)"] {
            #expect(panelTitles.contains { $0.hasSuffix(unit) }, "no panel in \(unit)")
        }
        #expect(
            Set(texts.filter { $0.attributes["class"] == "legend" }.map(\.text))
                == Set(Self.expectedValues(request: request, plan: plan).keys))
        #expect(texts.filter { $0.attributes["class"] == "y-label" }.count == 5)
        #expect(texts.contains { $0.attributes["class"] == "x-label" && $0.text.contains("local time") })
        // 24 h of hour ticks, labelled with the local (UTC+9) hour: the first label is the first full
        // local hour at or after the start.
        let labels = texts.filter { $0.attributes["class"] == "x-tick" && $0.attributes["data-panel"] == nil }.map(
            \.text)
        let firstHour = ((request.startUnixSeconds + request.utcOffsetSeconds + 3599) / 3600) % 24
        let perPanel = labels.count / 5
        #expect(perPanel >= 24 && perPanel <= 25)
        #expect(labels.first == String(format: "%02d:00", firstHour))
    }

    @Test("The same plan gives the same bytes")
    func deterministic() throws {
        let (request, plan, cost, svg) = try Self.chart(seed: 2, steps: 48)
        #expect(PlanChart(request: request, plan: plan, cost: cost, subtitle: "tariff <test> & co").svg() == svg)
    }

    @Test(
        "Won amounts are grouped with the sign before the currency",
        arguments: [
            (-625_085.4, "−₩625,085"), (277_814.0, "₩277,814"), (999.5, "₩1,000"), (0.0, "₩0"),
        ])
    func won(value: Double, text: String) {
        #expect(PlanChart.won(value) == text)
    }
}
