// Package montecarlo is a parallel, seed-reproducible Monte Carlo engine
// with streaming statistics. It knows nothing of the model it runs: a
// caller supplies, per worker, a Sampler that fills one record of metric
// values per draw, and gets back estimates with confidence intervals.
//
// # Records and metrics
//
// Config.Metrics names the columns of a record and their Kind:
// Probability (each draw records 0 or 1), Mean (a finite real), and their
// conditional forms CondProbability and CondMean, whose value is NaN in a
// draw where the condition did not occur. Optional Config.Inputs name
// further columns, parameters drawn per draw, whose correlation with each
// metric the run reports (GroupResult.Sensitivity).
//
// A Sampler is made once per worker (Group.New), so it can keep scratch
// state and needs no locking; the engine makes no allocation per draw,
// and a model that makes none either runs allocation-free.
//
// # Random stream
//
// Draws are grouped in chunks of Config.ChunkSize (default 1024). Chunk c
// has its own ChaCha8 stream (math/rand/v2), keyed by
// SHA-256("bulwark/montecarlo/chunk/v1" ‖ seed ‖ c) with both integers as
// 8-byte little-endian (ChunkKey). Draw j of the chunk gets a PCG
// generator seeded with words 2j and 2j+1 of that stream, so every draw's
// numbers are fixed by (seed, chunk size, draw index) alone, however many
// numbers earlier draws used. Every group sees the same numbers in draw i
// (common random numbers), and a short last chunk makes the same draws as
// the start of a full one. DrawRand rebuilds one draw's generator.
//
// # Groups
//
// Run takes one or more named Groups — say, the arrangements of a
// scenario — and runs them over the same stream: draw i of every group
// starts from the same numbers, and all groups make the same number of
// draws. For every group after the first the result holds the paired
// difference of each unconditional metric from the first group
// (GroupResult.Differences), whose interval is usually far narrower than
// the groups' own intervals suggest, since the shared noise cancels. A
// group run alone makes the same draws as in company (only the precision
// rule, which waits for every group, can make a run longer).
//
// # Determinism
//
// Workers claim chunks in index order and summarise each one separately
// (counts; Welford's running mean and sum of squares); the merging
// goroutine folds the summaries into the totals in chunk order, by Chan,
// Golub & LeVeque's pairwise update, and decides whether to stop only
// after a whole chunk. The result is therefore the same, bit for bit, for
// any number of workers and any Window, on a given platform and Go
// version. (Across architectures the compiler may fuse multiply-adds, as
// on arm64, so the last bits of a mean can differ; counts never do.)
// Workers run at most Config.Window chunks ahead of the merge point, so
// memory does not grow with the number of draws. A different chunk size
// gives a different but equally valid stream.
//
// # Stopping
//
// Without Config.Precision a run makes exactly Config.Samples draws, the
// last chunk being short if need be. With Precision it stops at the first
// chunk boundary after MinSamples draws (default: four chunks) at which
// every unconditional Probability metric of every group has a 95% Wilson
// interval of half-width at most Precision, and after Samples draws at the
// latest (default DefaultMaxSamples) so that it always ends. For a
// probability near ½ that takes about 1.96²·¼/Precision² draws: 9,604 for
// Precision 0.01. Conditional metrics and means do not take part, since a
// rare condition could keep a run going for ever.
//
// If the context is cancelled, or a Sampler fails, Run returns what was
// merged by then, marked Partial — always a whole number of chunks from
// the start of the stream, so a run with Samples equal to the partial
// result's Draws reproduces it — together with the error (wrapping
// ctx.Err() or a DrawError). A command line prints it and exits 130.
//
// # Intervals
//
// Probabilities get Wilson score intervals (Wilson 1927), which behave
// near 0 and 1 where the normal approximation fails; means get
// mean ± z·s/√n from the streamed variance. Results carry 95% intervals;
// Wilson, NormalInterval and MetricResult.Interval give any other level
// (ZFor(0.999) for comparing runs across seeds).
//
// # Distributions
//
// A Mean or CondMean metric may declare fixed bins (Metric.Bins; for n
// equal bins from lo to hi, LinearBins). The run then also counts its
// values per bin, with the values below and above the bins counted apart,
// and its MetricResult carries the Histogram. The counts are integers,
// summed chunk by chunk, so they are exact and the same for any number of
// workers; their memory is fixed by the bins, not the draws, and counting
// allocates nothing. Histogram.Quantile reads quantiles from the counts,
// spreading each bin's values evenly over it: its error is at most the
// width of the bin it falls in, and it is NaN when the quantile lies
// among the values outside the bins. Bins must be declared before the run
// (a streamed histogram cannot move its edges without losing exactness);
// choose them to cover the values expected, with widths no coarser than
// the precision wanted.
//
// # Sensitivity
//
// For each input and metric a run streams the Pearson correlation over
// all draws in which the metric has a value (with a Fisher-z interval),
// and computes Spearman's rank correlation at the end on a bounded
// sample: the first Config.RankSample such draws in draw order. Draws are
// independent, so these are a simple random sample of all draws, the
// same for every worker count; the sample's memory is bounded and it
// costs nothing once full.
//
// # References
//
//   - E. B. Wilson (1927), Probable inference, the law of succession, and
//     statistical inference. JASA 22(158), 209–212.
//   - B. P. Welford (1962), Note on a method for calculating corrected sums
//     of squares and products. Technometrics 4(3), 419–420.
//   - T. F. Chan, G. H. Golub, R. J. LeVeque (1979), Updating formulae and
//     a pairwise algorithm for computing sample variances. Stanford
//     CS-TR-79-773.
//   - R. G. Newcombe (1998), Two-sided confidence intervals for the single
//     proportion: comparison of seven methods. Statistics in Medicine 17,
//     857–872 (the reference values in the tests).
package montecarlo
