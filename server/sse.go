package server

import (
	"encoding/json"
	"net/http"
	"time"
)

// Timing of the event stream.
const (
	// progressInterval is the shortest time between two progress events
	// of a stream: a run reports every merged chunk, far more often than a
	// progress bar needs.
	progressInterval = 100 * time.Millisecond
	// keepAlive is the longest silence on a stream: proxies close idle
	// connections.
	keepAlive = 15 * time.Second
)

// doneEvent is the data of the "done" event.
type doneEvent struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	URL    string `json:"url"`
}

// sendEnd sends what comes before a finished run's done event: error if
// the run failed, warning if it did not fail but was not saved. Clients
// ignore events they do not know, so a warning does not read as a
// failure.
func sendEnd(send func(string, any) bool, errMsg, warning string) {
	if errMsg != "" {
		send("error", map[string]string{"message": errMsg})
	}
	if warning != "" {
		send("warning", map[string]string{"message": warning})
	}
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f, ok := s.lookup(w, r, id)
	if !ok {
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	// Send the headers now: a run may not report for a while, and the
	// client should know at once that its stream is open.
	if rc.Flush() != nil {
		return
	}
	send := func(event string, v any) bool {
		b, _ := json.Marshal(v) // plain structs of strings and numbers
		if _, err := w.Write([]byte("event: " + event + "\ndata: " + string(b) + "\n\n")); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if f.rec != nil { // finished: answer at once
		sendEnd(send, f.errMsg, f.warning)
		send("done", doneEvent{ID: f.rec.ID, Status: string(f.rec.Status), URL: "/runs/" + f.rec.ID})
		return
	}
	rn := f.running
	ping := time.NewTicker(keepAlive)
	defer ping.Stop()
	var last progressView
	sentAny := false
	for {
		sn := rn.snapshot()
		if sn.reported {
			p := progressOf(sn.progress)
			if !sentAny || p != last {
				if !send("progress", p) {
					return
				}
				last, sentAny = p, true
			}
		}
		if sn.finished {
			sendEnd(send, sn.errMsg, sn.warning)
			fid := sn.finalID(rn.id)
			send("done", doneEvent{ID: fid, Status: string(sn.status), URL: "/runs/" + fid})
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-rn.done:
			continue
		case <-ping.C:
			if _, err := w.Write([]byte(": keep-alive\n\n")); err != nil || rc.Flush() != nil {
				return
			}
			continue
		case <-sn.updated:
		}
		// Let reports accumulate, but end at once when the run does.
		select {
		case <-r.Context().Done():
			return
		case <-rn.done:
		case <-time.After(progressInterval):
		}
	}
}
