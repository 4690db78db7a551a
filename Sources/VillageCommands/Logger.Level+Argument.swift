import ArgumentParser
import Logging

/// `--log-level` takes swift-log's level names.
// swift-format-ignore: AvoidRetroactiveConformances
// swift-log's type and argument-parser's protocol: a flag is the only place that needs both.
extension Logger.Level: @retroactive ExpressibleByArgument {}
