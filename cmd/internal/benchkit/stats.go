package benchkit

import (
	"slices"
	"time"
)

// Summary is the distribution of a series of samples.
type Summary struct {
	N                  int // samples
	P50, P90, P99, Max time.Duration
}

// Summarize sorts samples in place and returns their nearest-rank p50, p90 and p99 and
// their maximum; all zero when there are none.
func Summarize(samples []time.Duration) Summary {
	slices.Sort(samples)
	s := Summary{N: len(samples), P50: Percentile(samples, 50), P90: Percentile(samples, 90), P99: Percentile(samples, 99)}
	if len(samples) > 0 {
		s.Max = samples[len(samples)-1]
	}
	return s
}

// Percentile returns the nearest-rank p-th percentile of sorted: the smallest sample
// that at least p % of the samples do not exceed; 0 when there are none.
func Percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 · n)
	return sorted[max(rank, 1)-1]
}

// Ms is d in milliseconds.
func Ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
