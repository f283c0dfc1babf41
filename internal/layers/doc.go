// Package layers states kvchaos's import layering as data and checks it:
// the packages are stacked in layers (docs/architecture.md), and a package
// may import only packages of lower layers, plus a few named imports
// within a layer. Its test walks the module and fails on any import that
// breaks the rule, naming the importing package, the import and both
// layers.
//
// It also counts the public surface (Surface): the exported identifiers of
// the packages outside internal/, cmd/ and examples/. Its test lists them
// per package and fails when the total exceeds a budget, so the surface
// cannot grow again unnoticed.
package layers
