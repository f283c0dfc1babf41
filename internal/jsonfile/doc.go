// Package jsonfile writes the JSON files of a run directory (run.json,
// summary.json): indented for people, with <, > and & left as they are.
package jsonfile
