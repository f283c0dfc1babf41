// Package simstore opens the simulator as a backends.Store: it parses
// sim:// URLs (Config, Nemesis), wraps a sim.Cluster as a store whose
// Scheduler runs the clients (NewStore), and is what backends/sim
// registers for the sim:// scheme. kvchaos swarm and kvchaos serve build
// their clusters in Go through it.
package simstore
