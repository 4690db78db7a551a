/// Tests draw random villages and readings from `SeededGenerator`, which product code shares from
/// VillageCore; re-exported so that every test importing the kit keeps one generator in scope.
@_exported import VillageCore
