//go:build !race

package checker

// raceEnabled: TestPorcupineCorpus takes porcupine's verdict on c50-ok
// from porcupine's own test instead of its search, minutes under -race.
const raceEnabled = false
