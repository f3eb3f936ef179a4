// Package layering holds the test that keeps PartnerHub's import graph in its layers: the
// services never reach the HTTP layer, the handlers never query ent directly, and the pure
// engines (SLA times, API key format, list queries) do no I/O. It has no code of its own:
// the test reads the graph with `go list`, so it runs even while another package is broken.
package layering
