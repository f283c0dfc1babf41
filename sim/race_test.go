//go:build race

package sim_test

// raceEnabled shrinks the statistical tests' trial counts under -race.
const raceEnabled = true
