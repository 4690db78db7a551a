@main struct TariffBench { static func main() {} }
