package montecarlo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A Sampler makes one draw: it fills rec with the draw's values, using rng
// as its only source of randomness.
//
// rec holds one column per metric, in Config.Metrics order, followed by
// one per input, in Config.Inputs order. The engine sets every column to
// NaN before each draw, and rejects the draw (with an error wrapping
// ErrInvalidValue) if afterwards a Probability column is not 0 or 1, a
// Mean column or an input is not finite, or a conditional column is
// neither NaN nor valid for its kind.
//
// Each worker has its own Sampler, used by that worker's goroutine only,
// so a Sampler may keep scratch state and need not be safe for concurrent
// use; for a run to be reproducible its values must depend only on the
// numbers it takes from rng, not on earlier draws. Sample should not
// allocate: the engine itself makes no allocation per draw. Small scratch
// state written on every draw is best kept in one allocation of a few
// hundred bytes or more per Sampler, so that two workers' scratch never
// shares a cache line. rng and rec must not be retained after Sample
// returns.
//
// A non-nil error ends the run (see Run). So does a panic, which the
// engine recovers and reports as an error wrapping ErrSamplerPanic.
type Sampler interface {
	Sample(rng *rand.Rand, rec []float64) error
}

// SamplerFunc adapts a function to the Sampler interface.
type SamplerFunc func(rng *rand.Rand, rec []float64) error

// Sample calls f(rng, rec).
func (f SamplerFunc) Sample(rng *rand.Rand, rec []float64) error { return f(rng, rec) }

// A Group is one model run over the shared stream, such as one
// arrangement of a scenario. New is called once per worker, sequentially
// and before any draw, with worker numbers 0, 1, …; each Sampler it
// returns is used by one goroutine only. An error from New ends Run before
// any draw.
type Group struct {
	Name string
	New  func(worker int) (Sampler, error)
}

// Errors a run may return, wrapped in a DrawError.
var (
	ErrInvalidValue = errors.New("invalid value")
	ErrSamplerPanic = errors.New("sampler panicked")
)

// DrawError reports the draw in which a Sampler failed or produced an
// invalid value.
type DrawError struct {
	Group string
	Draw  int64 // index of the draw in the run's stream, from 0
	Err   error
}

func (e *DrawError) Error() string {
	return fmt.Sprintf("montecarlo: group %q, draw %d: %v", e.Group, e.Draw, e.Err)
}

// Unwrap returns the underlying error.
func (e *DrawError) Unwrap() error { return e.Err }

// Run draws samples from every group over one shared random stream and
// returns their statistics.
//
// Draw i of every group uses the same random numbers (common random
// numbers), so differences between groups are not blurred by sampling
// noise in the inputs they share. All groups make the same number of
// draws; under the precision rule the run stops when every group is
// precise enough.
//
// The returned Result is identical, bit for bit, for any Workers and
// Window. It is nil only when the Config or a Group is invalid (the error
// wraps ErrConfig) or a Group's New fails. Otherwise Run returns a Result
// even on failure: if ctx is cancelled, or a Sampler fails, the Result
// holds the chunks merged until then — a prefix of the stream, which a
// run with Samples set to its Draws would reproduce exactly — with
// Partial set, and the error wraps ctx.Err() or the DrawError.
func Run(ctx context.Context, cfg Config, groups ...Group) (*Result, error) {
	p, err := cfg.plan(groups)
	if err != nil {
		return nil, err
	}
	e := &engine{plan: p, groups: groups}
	workers := make([]*worker, p.Workers)
	for w := range workers {
		workers[w] = e.newWorker()
		for g, grp := range groups {
			s, err := grp.New(w)
			if err == nil && s == nil {
				err = errors.New("nil Sampler")
			}
			if err != nil {
				return nil, fmt.Errorf("montecarlo: group %q: creating sampler for worker %d: %w", grp.Name, w, err)
			}
			workers[w].samplers[g] = s
		}
	}
	return e.run(ctx, workers)
}

// engine is the state of one run.
type engine struct {
	*plan
	groups []Group
	ctx    context.Context

	stop     atomic.Bool // workers abandon their chunk and exit
	rankDone atomic.Bool // every rank sample is full: chunks need no rows
	next     atomic.Int64
	free     chan *chunk // chunk buffers not in use; also the window's tokens
	done     chan *chunk // finished chunks, in any order
	quit     chan struct{}
}

// worker is one drawing goroutine's state, reused across chunks.
type worker struct {
	_        [cacheGuard]byte
	pcg      rand.PCG // written by every random number: keep it apart
	_        [cacheGuard]byte
	samplers []Sampler // per group
	cha      *rand.ChaCha8
	rng      *rand.Rand
	seeds    []uint64
	rec      []float64
	base     []float64 // the first group's metrics in the current chunk
}

func (e *engine) newWorker() *worker {
	w := &worker{
		samplers: make([]Sampler, len(e.groups)),
		cha:      rand.NewChaCha8([32]byte{}),
		seeds:    make([]uint64, 2*e.ChunkSize),
		rec:      isolated[float64](e.width),
	}
	w.rng = rand.New(&w.pcg)
	if len(e.groups) > 1 {
		w.base = isolated[float64](e.ChunkSize * len(e.Metrics))
	}
	return w
}

// cacheGuard is the padding, in bytes, that keeps data written on every
// draw by one worker off the cache lines (and adjacent-line prefetch
// pairs) of data written by another; sharing them (false sharing) can
// make two workers slower than one.
const cacheGuard = 128

// isolated returns n zero values with cacheGuard bytes of padding on
// either side.
func isolated[T any](n int) []T {
	var zero T
	pad := cacheGuard/max(int(unsafe.Sizeof(zero)), 1) + 1
	return make([]T, n+2*pad)[pad : pad+n : pad+n]
}

// chunk is the summary of one chunk of draws, per group.
type chunk struct {
	index int64
	size  int
	err   error
	accs  []acc       // per group
	rows  [][]float64 // per group, size×width records, if withRows
	// withRows is set when the chunk keeps its records for the rank
	// samples.
	withRows bool
}

func (e *engine) newChunk() *chunk {
	c := &chunk{accs: make([]acc, len(e.groups))}
	for g := range c.accs {
		c.accs[g] = e.newAcc()
	}
	if e.RankSample > 0 {
		c.rows = make([][]float64, len(e.groups)) // allocated when first needed
	}
	return c
}

func (e *engine) run(ctx context.Context, workers []*worker) (*Result, error) {
	W := e.Window
	e.free = make(chan *chunk, W)
	e.done = make(chan *chunk, W)
	e.quit = make(chan struct{})
	for range W {
		e.free <- e.newChunk()
	}
	e.ctx = ctx

	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() { e.work(w) })
	}
	m := e.newMerger()
	e.progress(m)

	ring := make([]*chunk, W) // the reorder buffer: chunk i at i mod W
	var runErr error
	cancelled := false
loop:
	for m.chunks < e.chunks {
		select {
		case c := <-e.done:
			ring[c.index%int64(W)] = c
		case <-ctx.Done():
			cancelled = true
			break loop
		}
		for {
			slot := m.chunks % int64(W)
			c := ring[slot]
			if c == nil {
				break
			}
			ring[slot] = nil
			if c.err != nil {
				runErr = c.err
				break loop
			}
			m.merge(c)
			// Progress first: a Progress callback sees the merge before
			// the buffer lets a worker claim another chunk.
			e.progress(m)
			e.free <- c
			if m.stopped() {
				break loop
			}
		}
	}
	e.stop.Store(true)
	close(e.quit)
	wg.Wait()

	if cancelled {
		// Chunks finished before the workers saw the cancellation are
		// kept if they continue the merged prefix.
		for len(e.done) > 0 {
			c := <-e.done
			ring[c.index%int64(W)] = c
		}
		for m.chunks < e.chunks {
			c := ring[m.chunks%int64(W)]
			if c == nil || c.err != nil || c.index != m.chunks {
				break
			}
			ring[m.chunks%int64(W)] = nil
			m.merge(c)
			e.progress(m)
			if m.stopped() {
				break
			}
		}
		if !m.stopped() {
			runErr = fmt.Errorf("montecarlo: interrupted after %d draws: %w", m.draws, ctx.Err())
		}
	}
	switch {
	case cancelled && runErr != nil:
		return m.result(StopInterrupted), runErr
	case runErr != nil:
		return m.result(StopError), runErr
	}
	return m.result(""), nil
}

// work claims chunks and fills them until the run stops or no chunk is
// left.
func (e *engine) work(w *worker) {
	for {
		var c *chunk
		select {
		case c = <-e.free:
		case <-e.quit:
			return
		}
		// Holding a buffer before claiming an index keeps the claimed but
		// unmerged chunks within the window.
		idx := e.next.Add(1) - 1
		if idx >= e.chunks || e.stop.Load() {
			e.free <- c
			return
		}
		c.index = idx
		c.size = e.ChunkSize
		if idx == e.chunks-1 {
			c.size = e.lastSize
		}
		c.withRows = e.RankSample > 0 && !e.rankDone.Load()
		if !e.fill(w, c) {
			e.free <- c
			return
		}
		e.done <- c
	}
}

// ctxPoll is how often, in draws, a worker polls the context.
const ctxPoll = 16

// fill makes the draws of chunk c for every group. It returns false if
// the run stopped meanwhile; a sampler's error or panic is stored in c.err.
func (e *engine) fill(w *worker, c *chunk) (ok bool) {
	seeds := w.seeds[:2*c.size]
	drawSeeds(w.cha, e.Seed, c.index, seeds)
	c.err = nil
	g, j := 0, 0
	defer func() {
		if r := recover(); r != nil {
			c.err = &DrawError{
				Group: e.groups[g].Name,
				Draw:  c.index*int64(e.ChunkSize) + int64(j),
				Err:   fmt.Errorf("%w: %v", ErrSamplerPanic, r),
			}
			ok = true
		}
	}()
	nan := math.NaN()
	rec := w.rec
	nm := len(e.Metrics)
	for g = range w.samplers {
		s := w.samplers[g]
		a := &c.accs[g]
		a.reset()
		var rows []float64
		if c.withRows {
			if cap(c.rows[g]) < c.size*e.width {
				c.rows[g] = make([]float64, e.ChunkSize*e.width)
			}
			rows = c.rows[g][:c.size*e.width]
		}
		for j = 0; j < c.size; j++ {
			if e.stop.Load() || (j%ctxPoll == 0 && e.ctx.Err() != nil) {
				e.stop.Store(true)
				return false
			}
			w.pcg.Seed(seeds[2*j], seeds[2*j+1])
			for i := range rec {
				rec[i] = nan
			}
			err := s.Sample(w.rng, rec)
			if err == nil {
				err = e.add(a, rec)
			}
			if err != nil {
				c.err = &DrawError{Group: e.groups[g].Name, Draw: c.index*int64(e.ChunkSize) + int64(j), Err: err}
				return true
			}
			if rows != nil {
				copy(rows[j*e.width:(j+1)*e.width], rec)
			}
			if len(w.samplers) > 1 {
				e.pair(a, g, w.base[j*nm:(j+1)*nm], rec)
			}
		}
		a.draws = int64(c.size)
	}
	return true
}

// pair records the first group's metrics of a draw in base, or, for
// later groups, adds the paired differences from them.
func (e *engine) pair(a *acc, g int, base, rec []float64) {
	if g == 0 {
		copy(base, rec)
		return
	}
	for m, mt := range e.Metrics {
		if !mt.Kind.Conditional() {
			a.diff[m].Add(rec[m] - base[m])
		}
	}
}

// progress reports the merger's state to the Progress callback.
func (e *engine) progress(m *merger) {
	if e.Progress == nil {
		return
	}
	p := Progress{Done: m.draws, Total: e.Samples}
	if e.Precision > 0 && !m.stopped() {
		p.Total, p.Estimated = m.estimate(), true
	}
	if m.stopped() {
		p.Total = m.draws
	}
	e.Progress(p)
}
