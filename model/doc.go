// Package model holds sequential specifications of key-value stores:
// porcupine models for linearizability checking, one per Kind (register,
// cas-register and the per-key kv model), over recorded history.Op values.
// Kind.Porcupine returns the model porcupine checks; inside, each is written
// as a typed model with concrete state, input and output types.
//
// The models treat an op whose status is unknown as may-or-may-not-have-
// happened: the checker gives it an infinite return time, and the model
// applies it when it is linearized. Because an op that never returned can
// always be linearized last, where its effect is invisible, "apply when
// linearized" covers both outcomes. Histories imported from Jepsen read an
// absent key as nil (register tests) or "" (porcupine's kv data); both are
// accepted for an absent key.
//
// Versions are opaque strings produced by the store. A put returns no
// version, so after a put the model's version is unknown until an
// observation (a get, a cas or an update that returns one) fixes it.
package model
