package sim

// NewSource gives the external tests the default Source for a seed.
var NewSource = newSource
