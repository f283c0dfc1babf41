package sim

// Nemesis exposes nemesis to the external tests.
var Nemesis = nemesis
