// Package kernel is what every API family of the mock shares: the shape of
// a handler and of the call it serves (the query, the resolved credential),
// the WeCom business error, and the small pieces of request decoding every
// family needs. Families import the kernel and the store, never each other;
// the server wires them to its router and writes their answers.
package kernel
