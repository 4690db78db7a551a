/// Turns cleared trades and meter readings into one interval's postings. Pure and deterministic.
///
/// - Delivered energy per trade is min(traded, metered): trades are walked in clearing order,
///   each taking at most what the buyer's metered import and the seller's metered export still
///   allow. A trade with a participant whose meter has not reported delivers nothing yet; its
///   counterparty settles that part with the grid until the correction.
/// - Whatever a participant's metered import (export) exceeds its delivered purchases (sales)
///   by is grid import (export) at its grid price: deviations settle at grid prices.
/// - Money: see ``MoneyRounding``; peer money flows buyer → operator → seller.
enum SettlementCalculator {
    static func position(
        matches: [Match],
        readings: [Participant: MeterReading],
        prices: GridPrices
    ) -> SettlementPosition {
        var importLeft: [Participant: Int64] = [:]
        var exportLeft: [Participant: Int64] = [:]
        importLeft.reserveCapacity(readings.count)
        exportLeft.reserveCapacity(readings.count)
        for (participant, reading) in readings {
            importLeft[participant] = reading.importWh
            exportLeft[participant] = reading.exportWh
        }
        var boughtExact: [Participant: Int128] = [:]
        var soldExact: [Participant: Int128] = [:]
        var position = SettlementPosition()
        for match in matches {
            guard let buyerLeft = importLeft[match.buyer], let sellerLeft = exportLeft[match.seller] else { continue }
            let delivered = min(match.energyWh, buyerLeft, sellerLeft)
            guard delivered > 0 else { continue }
            importLeft[match.buyer] = buyerLeft - delivered
            exportLeft[match.seller] = sellerLeft - delivered
            position.transfer(
                delivered, .energyWh, from: match.seller.account, to: match.buyer.account, for: .peerTrade)
            boughtExact[match.buyer, default: 0] += MoneyRounding.exact(
                energyWh: delivered, priceMilliWonPerKWh: match.buyerPriceMilliWonPerKWh)
            soldExact[match.seller, default: 0] += MoneyRounding.exact(
                energyWh: delivered, priceMilliWonPerKWh: match.sellerPriceMilliWonPerKWh)
            let key = DeliveredTrade.Key(
                buyer: match.buyer, seller: match.seller,
                buyerPrice: match.buyerPriceMilliWonPerKWh, sellerPrice: match.sellerPriceMilliWonPerKWh)
            position.trades[key, default: 0] += delivered
        }
        for (buyer, exact) in boughtExact {
            position.transfer(
                MoneyRounding.floor(exact), .moneyMilliWon, from: buyer.account, to: .operator, for: .peerTrade)
        }
        for (seller, exact) in soldExact {
            position.transfer(
                MoneyRounding.ceiling(exact), .moneyMilliWon, from: .operator, to: seller.account, for: .peerTrade)
        }
        for (participant, _) in readings {
            let account = participant.account
            if let gridImport = importLeft[participant], gridImport > 0 {
                position.transfer(gridImport, .energyWh, from: .grid, to: account, for: .gridImport)
                let cost = MoneyRounding.gridImportCost(
                    energyWh: gridImport, priceMilliWonPerKWh: prices.importPrice(for: participant))
                position.transfer(cost, .moneyMilliWon, from: account, to: .grid, for: .gridImport)
            }
            if let gridExport = exportLeft[participant], gridExport > 0 {
                position.transfer(gridExport, .energyWh, from: account, to: .grid, for: .gridExport)
                let revenue = MoneyRounding.gridImportCost(
                    energyWh: gridExport, priceMilliWonPerKWh: prices.exportMilliWonPerKWh)
                position.transfer(revenue, .moneyMilliWon, from: .grid, to: account, for: .gridExport)
            }
        }
        return position
    }
}
