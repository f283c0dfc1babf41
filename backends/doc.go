// Package backends is the registry of stores that can be opened by URL
// (redis://, etcd://, sim://, ...). Each adapter lives in a subpackage and
// registers its scheme in an init function, the way database/sql drivers do;
// import the subpackage for its side effect to make the scheme available.
package backends
