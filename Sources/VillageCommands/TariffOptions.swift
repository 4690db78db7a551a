import ArgumentParser

/// Flags every tariff subcommand shares.
struct TariffOptions: ParsableArguments {
    @OptionGroup var tariffs: TariffsDirectoryOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false
}
