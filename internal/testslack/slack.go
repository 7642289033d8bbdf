package testslack

import (
	"os"
	"strconv"
	"time"
)

// Scale returns the limit d stretched for the race detector (×10) and by
// the BULWARK_TEST_SLACK environment variable, if it holds a positive
// number.
func Scale(d time.Duration) time.Duration {
	if raceEnabled {
		d *= 10
	}
	if f, err := strconv.ParseFloat(os.Getenv("BULWARK_TEST_SLACK"), 64); err == nil && f > 0 {
		d = time.Duration(float64(d) * f)
	}
	return d
}

// RaceEnabled reports whether the test binary was built with -race, for
// tests that shrink their inputs under the race detector.
func RaceEnabled() bool { return raceEnabled }
