package montecarlo

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
)

// Kind says what a metric's values mean and how they are summarised.
type Kind uint8

// Metric kinds. A conditional metric's value is NaN in a draw where its
// condition did not occur; it is summarised over the other draws only.
const (
	// Probability: each draw records 0 or 1; the estimate is the share of
	// ones, with a Wilson score interval.
	Probability Kind = iota + 1
	// Mean: each draw records a finite real value; the estimate is the
	// mean, with a normal-approximation interval.
	Mean
	// CondProbability: 0, 1, or NaN when the condition did not occur.
	CondProbability
	// CondMean: a finite value, or NaN when the condition did not occur.
	CondMean
)

var kindNames = [...]string{
	Probability:     "probability",
	Mean:            "mean",
	CondProbability: "conditional-probability",
	CondMean:        "conditional-mean",
}

// String returns the kind's name as written in JSON: "probability",
// "mean", "conditional-probability" or "conditional-mean".
func (k Kind) String() string {
	if k.valid() {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

func (k Kind) valid() bool { return k >= Probability && k <= CondMean }

// Conditional reports whether values may be NaN (condition not met).
func (k Kind) Conditional() bool { return k == CondProbability || k == CondMean }

// IsProbability reports whether values are 0 or 1.
func (k Kind) IsProbability() bool { return k == Probability || k == CondProbability }

// MarshalText encodes the kind by name.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("montecarlo: invalid metric kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind from its name.
func (k *Kind) UnmarshalText(b []byte) error {
	for i, n := range kindNames {
		if n != "" && n == string(b) {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("montecarlo: unknown metric kind %q", b)
}

// Metric names one output column of a draw and its kind.
type Metric struct {
	Name string
	Kind Kind
	// Bins, if set, are the increasing edges of fixed bins in which the
	// run also counts the metric's values (a Mean or CondMean metric
	// only), so that its Histogram gives the distribution and its
	// quantiles, not just the mean: bin i is [Bins[i], Bins[i+1]), the
	// last one closed. LinearBins makes n equal bins from lo to hi. The
	// bins are fixed before the run so that counts from different chunks
	// add up exactly, whatever the order and number of workers.
	Bins []float64
}

// Defaults and limits of Config.
const (
	DefaultChunkSize  = 1024
	MaxChunkSize      = 1 << 20
	DefaultSamples    = 100_000    // Samples when zero and Precision is zero
	DefaultMaxSamples = 10_000_000 // Samples when zero and Precision is set
	MaxSamples        = 1 << 40    // largest Samples accepted
	MaxWorkers        = 4096
	DefaultMinChunks  = 4    // MinSamples when zero, in chunks
	DefaultRankSample = 2048 // RankSample when zero
	MaxRankSample     = 1 << 20
	MaxRecordWidth    = 1 << 16
)

// Config describes a run: the record layout, the random stream, the
// stopping rule and the parallelism. The zero value of every numeric field
// selects its default; a Config with Metrics set is usable as is.
type Config struct {
	// Metrics are the output columns of each draw, in the order they come
	// in the record and in results. At least one is required; names must
	// be unique and non-empty.
	Metrics []Metric
	// Inputs name optional input columns that follow the metrics in the
	// record: parameters drawn per draw, recorded so that the run can
	// report how strongly each one drives each metric (see Sensitivity).
	Inputs []string

	// Seed selects the random stream. Runs with the same Seed and
	// ChunkSize make the same draws.
	Seed uint64
	// ChunkSize is the number of draws per chunk, the unit of parallel
	// work, of merging and of stopping decisions; 0 means
	// DefaultChunkSize, and it may be at most MaxChunkSize. A different
	// chunk size gives a different (equally valid) stream.
	ChunkSize int

	// Samples is the number of draws when Precision is 0: exactly this
	// many, the last chunk being short when it does not divide by
	// ChunkSize. With Precision set it is the hard upper bound on the
	// draws. 0 means DefaultSamples, or DefaultMaxSamples with Precision.
	Samples int64
	// Precision, if positive, stops the run at the first chunk boundary
	// where every unconditional Probability metric of every group has a
	// 95% Wilson interval of half-width at most Precision, once at least
	// MinSamples draws are merged. It must be 0 or in (0, 1).
	Precision float64
	// MinSamples is the fewest draws before the precision rule may stop
	// the run; 0 means DefaultMinChunks chunks.
	MinSamples int64

	// Workers is the number of goroutines drawing; below 1 it is
	// GOMAXPROCS. It is capped at the number of chunks. Results do not
	// depend on it.
	Workers int
	// Window bounds the chunks claimed but not yet merged, and so the
	// memory of the reorder buffer: workers run at most Window chunks
	// ahead of the merge point. 0 means 4×Workers; values below Workers
	// are raised to Workers.
	Window int

	// RankSample is the number of draws kept per group and metric, the
	// first ones in draw order where the metric has a value, on which
	// Spearman's rank correlation with each input is computed. 0 means
	// DefaultRankSample; negative disables rank correlation. Unused
	// without Inputs.
	RankSample int

	// Progress, if set, is called from the merging goroutine, never
	// concurrently, once before the first draw and after every merged
	// chunk. It must return quickly.
	Progress func(Progress)
}

// Column returns the index in a record of the metric or input named
// name, or -1 if there is none; samplers look their columns up once, when
// they are made.
func (c *Config) Column(name string) int {
	for i, m := range c.Metrics {
		if m.Name == name {
			return i
		}
	}
	for i, in := range c.Inputs {
		if in == name {
			return len(c.Metrics) + i
		}
	}
	return -1
}

// Progress reports how far a run has come.
type Progress struct {
	Done  int64 // draws merged so far
	Total int64 // draws the run will make, or an estimate if Estimated
	// Estimated is true under the precision rule, where Total is a
	// projection from the current estimates, at most Samples.
	Estimated bool
}

// ErrConfig is wrapped by every error about an invalid Config or Group.
var ErrConfig = errors.New("invalid Monte Carlo configuration")

func configErrorf(format string, args ...any) error {
	return fmt.Errorf("montecarlo: %w: %s", ErrConfig, fmt.Sprintf(format, args...))
}

// plan is a validated Config with every default filled in.
type plan struct {
	Config
	width      int   // record width: metrics + inputs
	chunks     int64 // chunks at most
	lastSize   int   // draws in the last chunk
	precisionM []int // unconditional probability metrics
	hist       histLayout
}

func (c Config) plan(groups []Group) (*plan, error) {
	p := &plan{Config: c}
	if len(c.Metrics) == 0 {
		return nil, configErrorf("no metrics")
	}
	p.width = len(c.Metrics) + len(c.Inputs)
	if p.width > MaxRecordWidth {
		return nil, configErrorf("%d columns, more than %d", p.width, MaxRecordWidth)
	}
	seen := make(map[string]bool, p.width)
	for i, m := range c.Metrics {
		switch {
		case m.Name == "":
			return nil, configErrorf("metric %d has no name", i)
		case seen[m.Name]:
			return nil, configErrorf("column name %q used twice", m.Name)
		case !m.Kind.valid():
			return nil, configErrorf("metric %q has invalid kind %d", m.Name, uint8(m.Kind))
		}
		if err := checkBins(m); err != nil {
			return nil, err
		}
		seen[m.Name] = true
		if m.Kind == Probability {
			p.precisionM = append(p.precisionM, i)
		}
	}
	for i, name := range c.Inputs {
		switch {
		case name == "":
			return nil, configErrorf("input %d has no name", i)
		case seen[name]:
			return nil, configErrorf("column name %q used twice", name)
		}
		seen[name] = true
	}
	// The run keeps its own copy of the bins, which a caller might reuse.
	p.Metrics = slices.Clone(c.Metrics)
	for i := range p.Metrics {
		p.Metrics[i].Bins = slices.Clone(p.Metrics[i].Bins)
	}
	p.hist = newHistLayout(p.Metrics)
	if len(groups) == 0 {
		return nil, configErrorf("no groups")
	}
	names := make(map[string]bool, len(groups))
	for i, g := range groups {
		if names[g.Name] {
			return nil, configErrorf("group name %q used twice", g.Name)
		}
		names[g.Name] = true
		if g.New == nil {
			return nil, configErrorf("group %d (%q) has no sampler constructor", i, g.Name)
		}
	}

	switch {
	case c.ChunkSize == 0:
		p.ChunkSize = DefaultChunkSize
	case c.ChunkSize < 0 || c.ChunkSize > MaxChunkSize:
		return nil, configErrorf("chunk size %d outside [1, %d]", c.ChunkSize, MaxChunkSize)
	}
	switch {
	case math.IsNaN(c.Precision) || c.Precision < 0 || c.Precision >= 1:
		return nil, configErrorf("precision %v is neither 0 nor in (0, 1)", c.Precision)
	case c.Precision > 0 && len(p.precisionM) == 0:
		return nil, configErrorf("precision %v needs at least one unconditional probability metric", c.Precision)
	}
	switch {
	case c.Samples < 0 || c.Samples > MaxSamples:
		return nil, configErrorf("samples %d is negative or more than %d", c.Samples, int64(MaxSamples))
	case c.Samples == 0 && c.Precision > 0:
		p.Samples = DefaultMaxSamples
	case c.Samples == 0:
		p.Samples = DefaultSamples
	}
	switch {
	case c.MinSamples < 0:
		return nil, configErrorf("minimum samples %d is negative", c.MinSamples)
	case c.MinSamples == 0:
		p.MinSamples = DefaultMinChunks * int64(p.ChunkSize)
	}
	cs := int64(p.ChunkSize)
	p.chunks = (p.Samples + cs - 1) / cs
	p.lastSize = int(p.Samples - (p.chunks-1)*cs)

	switch {
	case c.Workers > MaxWorkers:
		return nil, configErrorf("%d workers, more than %d", c.Workers, MaxWorkers)
	case c.Workers < 1:
		p.Workers = runtime.GOMAXPROCS(0)
	}
	if int64(p.Workers) > p.chunks {
		p.Workers = int(p.chunks)
	}
	switch {
	case c.Window < 0:
		return nil, configErrorf("window %d is negative", c.Window)
	case c.Window > 64*MaxWorkers:
		return nil, configErrorf("window %d is more than %d", c.Window, 64*MaxWorkers)
	case c.Window == 0:
		p.Window = 4 * p.Workers
	}
	if p.Window < p.Workers {
		p.Window = p.Workers
	}
	switch {
	case c.RankSample > MaxRankSample:
		return nil, configErrorf("rank sample %d is more than %d", c.RankSample, MaxRankSample)
	case c.RankSample == 0:
		p.RankSample = DefaultRankSample
	}
	if len(c.Inputs) == 0 || p.RankSample < 0 {
		p.RankSample = 0
	}
	return p, nil
}
