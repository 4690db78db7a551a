import Crypto

extension LedgerTransaction {
    /// Version of the canonical encoding; bump it if a field is added.
    static let encodingVersion = "village-ledger/1"

    /// The canonical bytes the hash covers: every field except ``hash`` itself, including
    /// ``previousHash`` so that the chain links.
    func canonicalBytes() -> [UInt8] {
        var encoder = CanonicalEncoder(capacity: 256 + postings.count * 40 + meterReadings.count * 40)
        encoder.append(Self.encodingVersion)
        encoder.append(sequence)
        encoder.append(intervalStart)
        encoder.append(kind.rawValue)
        encoder.append(idempotencyKey)
        switch mechanism {
        case .uniformPrice(let k):
            encoder.append(tag: 0)
            encoder.append(Int64(k))
        case .payAsBid: encoder.append(tag: 1)
        case .supplyDemandRatio: encoder.append(tag: 2)
        case .midMarketRate: encoder.append(tag: 3)
        }
        encoder.append(prices.exportMilliWonPerKWh)
        encoder.append(prices.importMilliWonPerKWh)
        let households = prices.householdImportMilliWonPerKWh.sorted { idPrecedes($0.key, $1.key) }
        encoder.appendCount(households.count)
        for (id, price) in households {
            encoder.append(id)
            encoder.append(price)
        }
        // Only when present, so that transactions written before the storage traded keep their hashes.
        if let storagePrice = prices.storageImportMilliWonPerKWh {
            encoder.append("storage-import-price")
            encoder.append(storagePrice)
        }
        encoder.appendCount(meterReadings.count)
        for reading in meterReadings {
            Self.encode(reading.participant, into: &encoder)
            encoder.append(reading.producedWh)
            encoder.append(reading.consumedWh)
        }
        encoder.appendCount(clearedMatches.count)
        for match in clearedMatches {
            encoder.append(match.buyerOrderID)
            encoder.append(match.sellerOrderID)
            Self.encode(match.buyer, into: &encoder)
            Self.encode(match.seller, into: &encoder)
            encoder.append(match.energyWh)
            encoder.append(match.buyerPriceMilliWonPerKWh)
            encoder.append(match.sellerPriceMilliWonPerKWh)
            encoder.append(match.preferred)
        }
        encoder.appendCount(deliveredTrades.count)
        for trade in deliveredTrades {
            Self.encode(trade.buyer, into: &encoder)
            Self.encode(trade.seller, into: &encoder)
            encoder.append(trade.energyWh)
            encoder.append(trade.buyerPriceMilliWonPerKWh)
            encoder.append(trade.sellerPriceMilliWonPerKWh)
        }
        encoder.appendCount(postings.count)
        for posting in postings {
            switch posting.account {
            case .household(let id):
                encoder.append(tag: 0)
                encoder.append(id)
            case .operator: encoder.append(tag: 1)
            case .storage: encoder.append(tag: 2)
            case .grid: encoder.append(tag: 3)
            }
            encoder.append(posting.purpose.rawValue)
            encoder.append(posting.commodity.rawValue)
            encoder.append(posting.amount)
        }
        encoder.append(previousHash)
        return encoder.bytes
    }

    static func encode(_ participant: Participant, into encoder: inout CanonicalEncoder) {
        switch participant {
        case .household(let id):
            encoder.append(tag: 0)
            encoder.append(id)
        case .storage: encoder.append(tag: 1)
        }
    }

    /// Hex SHA-256 of ``canonicalBytes()``.
    public func computeHash() -> String { Self.hexSHA256(canonicalBytes()) }

    /// ``computeHash()`` and ``leafHash`` from one encoding of the content: what an append checks
    /// and stores, at half the cost of asking for each.
    package func contentHashes() -> (hash: String, leaf: MerkleHash) {
        let bytes = canonicalBytes()
        return (Self.hexSHA256(bytes), .leaf(bytes))
    }

    private static func hexSHA256(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        var hex = ""
        hex.reserveCapacity(64)
        let digits = Array("0123456789abcdef".utf8)
        var utf8: [UInt8] = []
        utf8.reserveCapacity(64)
        for byte in digest {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0f)])
        }
        hex = String(decoding: utf8, as: UTF8.self)
        return hex
    }

    /// A copy with ``hash`` set from the content.
    public func sealed() -> LedgerTransaction {
        var copy = self
        copy.hash = computeHash()
        return copy
    }
}
