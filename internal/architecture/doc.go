// Package architecture holds the test that checks the import rules of the
// package table in docs/architecture.md: the direction of imports is the
// architecture, and a rule broken here is a design decision to take openly.
package architecture
