package testslack

import (
	"testing"
	"time"
)

func TestScale(t *testing.T) {
	t.Setenv("BULWARK_TEST_SLACK", "")
	want := time.Second
	if raceEnabled {
		want = 10 * time.Second
	}
	if got := Scale(time.Second); got != want {
		t.Errorf("Scale(1s) = %v, want %v", got, want)
	}
	t.Setenv("BULWARK_TEST_SLACK", "3")
	if got := Scale(time.Second); got != 3*want {
		t.Errorf("with slack 3: %v", got)
	}
}
