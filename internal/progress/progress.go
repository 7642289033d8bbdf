// Package progress draws the progress bar of a Monte Carlo run
// (vbauerster/mpb) when its output is a terminal, and nothing otherwise,
// so that redirected or piped output stays clean.
//
//	bar := progress.New(os.Stderr, "compare")
//	cfg.Progress = bar.Update
//	res, err := montecarlo.Run(ctx, cfg, groups...)
//	bar.Finish(err == nil)
package progress

import (
	"fmt"
	"io"
	"sync/atomic"

	"github.com/bulwark-sim/bulwark/montecarlo"
	"github.com/vbauerster/cupwriter"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// Bar is a progress bar driven by montecarlo.Progress reports. A Bar
// whose writer is not a terminal, and the nil *Bar, do nothing.
type Bar struct {
	p         *mpb.Progress
	bar       *mpb.Bar
	estimated atomic.Bool
}

// New returns a bar labelled label, drawn on w if w is a terminal;
// otherwise a Bar that draws nothing.
func New(w io.Writer, label string) *Bar {
	cw := cupwriter.New(w, false)
	if !cw.IsTerminal() {
		return &Bar{}
	}
	return newBar(cw, label)
}

// newBar draws a bar on cw, a terminal.
func newBar(cw mpb.ConsoleWriter, label string) *Bar {
	b := &Bar{p: mpb.New(mpb.WithConsoleWriter(cw), mpb.WithAutoRefresh())}
	b.bar = b.p.AddBar(0,
		mpb.PrependDecorators(decor.Name(label, decor.WCSyncSpaceR)),
		mpb.AppendDecorators(
			decor.Any(b.counts, decor.WCSyncSpace),
			decor.OnAbort(decor.OnComplete(decor.AverageETA(decor.ET_STYLE_GO, decor.WCSyncSpace), "done"), "interrupted"),
		),
	)
	return b
}

// counts renders "done/total draws", total prefixed by "≈" while it is an
// estimate.
func (b *Bar) counts(s decor.Statistics) string {
	approx := ""
	if b.estimated.Load() && !s.Completed {
		approx = "≈"
	}
	return fmt.Sprintf("%d/%s%d draws", s.Current, approx, s.Total)
}

// Update shows a progress report; it has the signature of
// montecarlo.Config.Progress.
func (b *Bar) Update(p montecarlo.Progress) {
	if b == nil || b.bar == nil {
		return
	}
	b.estimated.Store(p.Estimated)
	b.bar.SetTotal(p.Total, false)
	b.bar.SetCurrent(p.Done)
}

// Finish ends the bar, as complete if ok and as interrupted otherwise,
// and waits until it is drawn for the last time.
func (b *Bar) Finish(ok bool) {
	if b == nil || b.p == nil {
		return
	}
	if ok {
		b.bar.SetTotal(-1, true) // total := current, complete
	} else {
		b.bar.Abort(false)
	}
	b.p.Wait()
}
