/// A linear program in the form both solver libraries read: minimise `cᵀx + constant` subject to
/// `rowLower ≤ Ax ≤ rowUpper` and `columnLower ≤ x ≤ columnUpper`.
///
/// Kept solver-neutral so the same model can be handed to Clp, GLPK or (through its JSON export)
/// scipy's HiGHS, which is how optimality is checked independently. Infinite bounds are
/// `±.infinity`; each solver translates them to its own convention.
public struct LinearProgram: Sendable, Equatable {
    public var objective: [Double] = []
    /// Added to the objective value; the part of the cost no decision can change.
    public var objectiveConstant: Double = 0
    public var columnLower: [Double] = []
    public var columnUpper: [Double] = []
    public var rowLower: [Double] = []
    public var rowUpper: [Double] = []
    /// Matrix entries as triplets, in the order they were added.
    public var entryRows: [Int32] = []
    public var entryColumns: [Int32] = []
    public var entryValues: [Double] = []

    public init() {}

    public var columnCount: Int { objective.count }
    public var rowCount: Int { rowLower.count }

    /// Adds a variable and returns its index.
    @discardableResult
    public mutating func addColumn(lower: Double, upper: Double, cost: Double) -> Int {
        objective.append(cost)
        columnLower.append(lower)
        columnUpper.append(upper)
        return objective.count - 1
    }

    /// Adds a constraint `lower ≤ Σ coefficient·x[column] ≤ upper` and returns its index.
    @discardableResult
    public mutating func addRow(lower: Double, upper: Double, _ terms: [(column: Int, coefficient: Double)]) -> Int {
        let row = Int32(rowLower.count)
        rowLower.append(lower)
        rowUpper.append(upper)
        for term in terms where term.coefficient != 0 {
            entryRows.append(row)
            entryColumns.append(Int32(term.column))
            entryValues.append(term.coefficient)
        }
        return Int(row)
    }

    /// The matrix in compressed sparse column form (what Clp's `loadProblem` takes).
    public func compressedColumns() -> (starts: [Int32], rows: [Int32], values: [Double]) {
        var counts = [Int32](repeating: 0, count: columnCount + 1)
        for column in entryColumns { counts[Int(column) + 1] += 1 }
        for index in 0..<columnCount { counts[index + 1] += counts[index] }
        var next = counts
        var rows = [Int32](repeating: 0, count: entryValues.count)
        var values = [Double](repeating: 0, count: entryValues.count)
        for entry in entryValues.indices {
            let column = Int(entryColumns[entry])
            let slot = Int(next[column])
            rows[slot] = entryRows[entry]
            values[slot] = entryValues[entry]
            next[column] += 1
        }
        return (counts, rows, values)
    }

    /// `cᵀx + constant` for a given point.
    public func objectiveValue(at point: [Double]) -> Double {
        var total = objectiveConstant
        for index in objective.indices where index < point.count { total += objective[index] * point[index] }
        return total
    }
}
