import ArgumentParser
import VillageServer

extension ListenAddress: ExpressibleByArgument {
    package init?(argument: String) { self.init(parsing: argument) }
}
