package gamegen

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// cases are script invocations with the SHA-256 digest and size of the
// script's output, recorded from CPython 3.11.7 running the scripts in
// ../shared/gamegen (e.g. `python3 escalation_tree.py 4 3 --concede |
// sha256sum`). They cover the default seed and others (negative, over 32
// bits, math.MinInt64 and math.MaxInt64), --paymax up to MaxPayMax (more
// than 32 random bits per draw), wide nodes (more actions than are kept
// as text), --concede, --probe, m ≠ n and m = 0, and k
// up to 7.
var cases = []struct {
	script, args string
	size         int
	sha256       string
}{
	{"escalation_tree.py", "0 2", 101, "72693b2eaa98387d8db890513d303b6ab3a5c6dddc7d6a9c271d70960ff3f3ae"},
	{"escalation_tree.py", "1 2 --seed -9223372036854775808", 173, "934f86f1f722b576764f64e45acaf5365e8b44bbe8cde79420837117e0e9851b"},
	{"escalation_tree.py", "1 300 --seed 3", 9680, "c3f12bf1e0180f025cca0a153d21666899882ccbcddd2dc4b86396c8280933f1"},
	{"escalation_tree.py", "2 70 --concede", 163474, "8752ec31c721470ed6c115f4417a55de884ac0514b48926409d253a1a220aec0"},
	{"escalation_tree.py", "2 2 --paymax 1000000000000", 357, "ee89a9271e3aaf4b6a2c6d8159943dbbba3b23c13191f95e852e1a9e23ed0f17"},
	{"escalation_tree.py", "2 3 --paymax 9007199254740992", 724, "fa6d280169f2fcdf787ca1ff2232f95666bf6c6ecdeeab98d2881ce1606c35dd"},
	{"escalation_tree.py", "3 2 --seed 1", 504, "07d78e9b73c7faa61f41900f841fb4e57b9258b8bea08ccf7fae3312249809d3"},
	{"escalation_tree.py", "3 2 --seed 1099511627779", 515, "af5131165dbdc751851d5438c966289d70447c204f23c1768c364ed9ff55e6f6"},
	{"escalation_tree.py", "3 5 --concede --seed 9223372036854775807", 3537, "3b4b4490eeefde90981e38b904cca4da31c87f3bacd9e5fed3da28879234a633"},
	{"escalation_tree.py", "3 8 --seed 99 --paymax 5", 16934, "0452fc5b79203fef911c7bee112b048ac049b611ef53865fbaecc2c006598ba9"},
	{"escalation_tree.py", "4 3 --concede", 1520, "6c3b3aa3d0aff12458256a444e16a07179399c79b43904373946b03359c19d9e"},
	{"escalation_tree.py", "5 2 --seed -7", 1964, "4f7fe369568ec2716e83b15f98a1b4ef67338f33c699db82d5b4e020c18b5a10"},
	{"escalation_tree.py", "5 4 --paymax 1", 45481, "d1e3d0053ad1518932ec687fa3ea87fdfb9b08394310d4425f007458a2e14ac6"},
	{"escalation_tree.py", "6 7 --concede --seed 4242", 2488850, "0d9888fe067df07d656f0ad3fad7eaf2aa464744b965ec7cbf62f4de89d7f9c9"},
	{"escalation_tree.py", "8 1 --concede", 138, "9f59683b3c20066477c67e302075d8bcb3d21d8741c5098e1c42eb42a07fa9f9"},
	{"escalation_tree.py", "10 1", 392, "fd84d34283409e62d208a00473b73291ad278cb5c07c53ba907558faab564fba"},
	{"escalation_tree.py", "12 2", 270295, "a91b977922c9a269db97c9cb54c5428147b600034f417d7631edd781d855fb8e"},
	{"random_bimatrix.py", "1 1 --seed -1", 72, "a6ed948c7251c8bf32bb7cdd7af3db5fbbd7e128bf5bb6fe41f56ffa40850f07"},
	{"random_bimatrix.py", "2 2 --paymax 9007199254740992", 205, "d4c8f12d3f93e636e26dd7fd6c504b5b5a84bfc87f2690072257f403f62816c9"},
	{"random_bimatrix.py", "3 --seed 4294967296", 124, "9db581988b0db54d588829bfeafcd8004e61a3f5a28872fc09b6489dae8c77f2"},
	{"random_bimatrix.py", "3 9 --paymax 1", 177, "2dc09c5b4660d01f75fe134eb6e02a83116ad25dc6dbaa62d2f94a63e38da2cb"},
	{"random_bimatrix.py", "4 0", 164, "c7310f89e7d205319fe972dfd5a72f1ab3655e805d05b2e146e79bc3e9c83701"},
	{"random_bimatrix.py", "5", 213, "132eeca0bf00f6ba61254574a4011ce2e82361fb269c3ea788508cacf94e6808"},
	{"random_bimatrix.py", "7 3 --seed 42", 187, "040f54b3cf97c0bb1e7471b11194c263b75028ebae1d3d9e003b037373ab3281"},
	{"random_bimatrix.py", "100 --seed 31337", 58046, "6721f5fc946db7dcce96c0582b5deab7b0e5f62c56d3e9887f8eab6554f9a2a3"},
	{"random_bimatrix.py", "500", 1449795, "f73ba35fb4b86157f4ff8923307fbda9474a5a9c035ebcc939b59294b4b3df1d"},
	{"guarantor_bayes.py", "1", 412, "d4331dd90c20087f3edfb0a0077a491282d38627ef3cc0f92326f45ed4c8db2d"},
	{"guarantor_bayes.py", "2 --seed -12345", 1124, "dba49f79a8e1bf2ced7875462a0de99233cd4726f3a9b6c93457b4d27c3ca2ae"},
	{"guarantor_bayes.py", "3 --probe", 6044, "32173e5d2a079a96430719c07a21cad0d40082b853c343f7d697650a630cfd34"},
	{"guarantor_bayes.py", "4 --probe --seed 8589934592", 24158, "6bd45fc475d53da0ae2a2da092695dffc336205ce93aa752032fda11daf4d8be"},
	{"guarantor_bayes.py", "7 --seed 5", 916499, "a3a1880b402a398a0c76dc592e37db24945b5b67994092387b6a79680087bc3a"},
}

// generate runs the Go generator for a script's command line, parsed as
// the script's argparse parser would for the arguments used here.
func generate(w io.Writer, script, args string) error {
	var pos []int
	var seed int64
	var payMax int
	var concede, probe bool
	fields := strings.Fields(args)
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		switch f {
		case "--concede":
			concede = true
		case "--probe":
			probe = true
		case "--seed", "--paymax":
			if i+1 == len(fields) {
				return fmt.Errorf("%s needs a value", f)
			}
			i++
			v, err := strconv.ParseInt(fields[i], 10, 64)
			if err != nil {
				return err
			}
			if f == "--seed" {
				seed = v
			} else {
				payMax = int(v)
			}
		default:
			v, err := strconv.Atoi(f)
			if err != nil {
				return err
			}
			pos = append(pos, v)
		}
	}
	switch {
	case script == "escalation_tree.py" && len(pos) == 2:
		return EscalationTree(w, pos[0], pos[1], TreeOptions{Seed: seed, PayMax: payMax, Concede: concede})
	case script == "random_bimatrix.py" && len(pos) == 1:
		return RandomBimatrix(w, pos[0], 0, BimatrixOptions{Seed: seed, PayMax: payMax})
	case script == "random_bimatrix.py" && len(pos) == 2:
		return RandomBimatrix(w, pos[0], pos[1], BimatrixOptions{Seed: seed, PayMax: payMax})
	case script == "guarantor_bayes.py" && len(pos) == 1:
		return GuarantorBayes(w, pos[0], GuarantorOptions{Seed: seed, Probe: probe})
	}
	return fmt.Errorf("cannot run %s %s", script, args)
}

func TestDigests(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.script+" "+tc.args, func(t *testing.T) {
			h := sha256.New()
			cw := &countWriter{w: h}
			if err := generate(cw, tc.script, tc.args); err != nil {
				t.Fatal(err)
			}
			got := hex.EncodeToString(h.Sum(nil))
			if cw.n != int64(tc.size) || got != tc.sha256 {
				t.Errorf("%d bytes, SHA-256 %s; Python's: %d bytes, %s", cw.n, got, tc.size, tc.sha256)
			}
		})
	}
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// repoRoot is the directory above the test's that holds go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// pyDriver runs several script invocations in one interpreter (one start-up
// instead of one per case): it reads "script|args" lines and writes each
// script's standard output, preceded by its length in bytes on a line.
const pyDriver = `
import io, os, runpy, sys
here = sys.argv[1]
out = sys.stdout.buffer
for line in sys.stdin.read().splitlines():
    script, args = line.split("|")
    buf = io.StringIO()
    sys.argv = [script] + args.split()
    saved, sys.stdout = sys.stdout, buf
    try:
        runpy.run_path(os.path.join(here, script), run_name="__main__")
    finally:
        sys.stdout = saved
    data = buf.getvalue().encode()
    out.write(b"%d\n" % len(data))
    out.write(data)
out.flush()
`

// TestAgainstPython runs the scripts (../shared/gamegen from the
// repository root), when they and python3 are there, and checks that their
// output is still what the digests record (so that, with TestDigests, Go's
// output is Python's byte for byte); where it is not, it shows where Go's
// output departs from the script's.
func TestAgainstPython(t *testing.T) {
	t.Parallel() // most of the work is in the Python process
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH; the recorded digests still check the output")
	}
	dir := filepath.Join(repoRoot(t), "..", "shared", "gamegen")
	for _, s := range []string{"escalation_tree.py", "random_bimatrix.py", "guarantor_bayes.py"} {
		if _, err := os.Stat(filepath.Join(dir, s)); err != nil {
			t.Skipf("generator scripts not found (%v); the recorded digests still check the output", err)
		}
	}
	var in strings.Builder
	for _, tc := range cases {
		fmt.Fprintf(&in, "%s|%s\n", tc.script, tc.args)
	}
	cmd := exec.Command(py, "-c", pyDriver, dir)
	cmd.Stdin = strings.NewReader(in.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	rd := bufio.NewReader(bytes.NewReader(stdout))
	for _, tc := range cases {
		var n int
		if _, err := fmt.Fscanf(rd, "%d\n", &n); err != nil {
			t.Fatalf("%s %s: reading Python's output: %v", tc.script, tc.args, err)
		}
		want := make([]byte, n)
		if _, err := io.ReadFull(rd, want); err != nil {
			t.Fatalf("%s %s: reading Python's output: %v", tc.script, tc.args, err)
		}
		sum := sha256.Sum256(want)
		if hex.EncodeToString(sum[:]) == tc.sha256 {
			continue
		}
		var got bytes.Buffer
		if err := generate(&got, tc.script, tc.args); err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s %s: the script's output matches Go's but no longer the recorded digest", tc.script, tc.args)
		} else {
			t.Errorf("%s %s: Go's output differs from the script's at byte %d", tc.script, tc.args, firstDiff(got.Bytes(), want))
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestCommittedGames regenerates game/testdata/gamegen, which the scripts
// wrote with their default seed (its README lists the commands).
func TestCommittedGames(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "game", "testdata", "gamegen")
	files, err := filepath.Glob(filepath.Join(dir, "*.*fg"))
	if err != nil || len(files) < 30 {
		t.Fatalf("%d games in %s (%v), want the 30 or more its README lists", len(files), dir, err)
	}
	bimatrix := regexp.MustCompile(`^bimatrix_(\d+)\.nfg$`)
	guarantor := regexp.MustCompile(`^guarantor_(\d+)\.efg$`)
	tree := regexp.MustCompile(`^tree(\d+)_d(\d+)\.efg$`)
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			switch {
			case bimatrix.MatchString(name):
				m := bimatrix.FindStringSubmatch(name)
				err = RandomBimatrix(&got, atoi(m[1]), 0, BimatrixOptions{})
			case guarantor.MatchString(name):
				m := guarantor.FindStringSubmatch(name)
				err = GuarantorBayes(&got, atoi(m[1]), GuarantorOptions{})
			case tree.MatchString(name):
				m := tree.FindStringSubmatch(name)
				err = EscalationTree(&got, atoi(m[2]), atoi(m[1]), TreeOptions{})
			default:
				t.Fatal("not a benchmark-family name")
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("differs from the committed file at byte %d", firstDiff(got.Bytes(), want))
			}
		})
	}
}

func TestBadArguments(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  func(io.Writer) error
		want string
	}{
		{"negative depth", func(w io.Writer) error { return EscalationTree(w, -1, 2, TreeOptions{}) }, "depth -1 is negative"},
		{"branch 0", func(w io.Writer) error { return EscalationTree(w, 3, 0, TreeOptions{}) }, "branching 0 is below 1"},
		{"negative paymax", func(w io.Writer) error { return EscalationTree(w, 3, 2, TreeOptions{PayMax: -1}) }, "paymax -1 is outside"},
		{"huge paymax", func(w io.Writer) error { return EscalationTree(w, 3, 2, TreeOptions{PayMax: MaxPayMax + 1}) }, "is outside [0, 9007199254740992]"},
		{"deep binary tree", func(w io.Writer) error { return EscalationTree(w, 24, 2, TreeOptions{}) }, "over 16777216 nodes"},
		{"wide tree", func(w io.Writer) error { return EscalationTree(w, 2, 5000, TreeOptions{}) }, "over 16777216 nodes"},
		{"deep path", func(w io.Writer) error { return EscalationTree(w, 1<<24, 1, TreeOptions{}) }, "over 16777216 nodes"},
		{"very deep concession", func(w io.Writer) error {
			return EscalationTree(w, 1<<40, 1, TreeOptions{Concede: true})
		}, "depth 1099511627776 is over 16777216"},
		{"huge branching", func(w io.Writer) error { return EscalationTree(w, 1, 1<<62, TreeOptions{}) }, "branching 4611686018427387904 is over 16777216"},
		{"overflowing branching", func(w io.Writer) error { return EscalationTree(w, 2, 1<<24, TreeOptions{}) }, "over 16777216 nodes"},
		{"deep concede tree", func(w io.Writer) error { return EscalationTree(w, 1<<23, 2, TreeOptions{Concede: true}) }, "over 16777216 nodes"},
		{"no rows", func(w io.Writer) error { return RandomBimatrix(w, 0, 3, BimatrixOptions{}) }, "0 rows"},
		{"negative columns", func(w io.Writer) error { return RandomBimatrix(w, 3, -2, BimatrixOptions{}) }, "-2 columns"},
		{"negative bimatrix paymax", func(w io.Writer) error { return RandomBimatrix(w, 3, 3, BimatrixOptions{PayMax: -5}) }, "paymax -5 is outside"},
		{"huge bimatrix", func(w io.Writer) error { return RandomBimatrix(w, 5000, 5000, BimatrixOptions{}) }, "5000×5000 is over 16777216 cells"},
		{"overflowing bimatrix", func(w io.Writer) error { return RandomBimatrix(w, 1<<40, 1<<40, BimatrixOptions{}) }, "over 16777216 cells"},
		{"no guarantors", func(w io.Writer) error { return GuarantorBayes(w, 0, GuarantorOptions{}) }, "0 guarantors, need 1 to 10"},
		{"too many guarantors", func(w io.Writer) error { return GuarantorBayes(w, 11, GuarantorOptions{}) }, "11 guarantors"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := tc.gen(&out)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes before refusing", out.Len())
			}
		})
	}
}

// TestLargestAccepted checks that the bounds are not off by one: the
// largest trees the bounds allow are accepted (written to a writer that
// fails at once, so the test stays quick).
func TestLargestAccepted(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  func(io.Writer) error
	}{
		{"binary depth 23", func(w io.Writer) error { return EscalationTree(w, 23, 2, TreeOptions{}) }},
		{"path", func(w io.Writer) error { return EscalationTree(w, 1<<24-1, 1, TreeOptions{}) }},
		{"widest", func(w io.Writer) error { return EscalationTree(w, 1, 1<<24-1, TreeOptions{}) }},
		{"deepest concession", func(w io.Writer) error { return EscalationTree(w, 1<<24, 1, TreeOptions{Concede: true}) }},
		{"4096×4096", func(w io.Writer) error { return RandomBimatrix(w, 4096, 4096, BimatrixOptions{}) }},
		{"k = 10", func(w io.Writer) error { return GuarantorBayes(w, 10, GuarantorOptions{Probe: true}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.gen(failWriter{})
			if !errors.Is(err, errFull) {
				t.Fatalf("error %v, want the writer's", err)
			}
		})
	}
}

var errFull = errors.New("disk full")

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFull }

// TestStreaming checks that the generators stream: the memory they
// allocate does not grow with their output.
func TestStreaming(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  func(io.Writer) error
	}{
		{"binary depth 15", func(w io.Writer) error { return EscalationTree(w, 15, 2, TreeOptions{}) }},
		{"one node of 2^18 actions", func(w io.Writer) error { return EscalationTree(w, 1, 1<<18, TreeOptions{}) }},
		{"concession of depth 2^24", func(w io.Writer) error { return EscalationTree(w, 1<<24, 1, TreeOptions{Concede: true}) }},
		{"300×300", func(w io.Writer) error { return RandomBimatrix(w, 300, 300, BimatrixOptions{}) }},
		{"k = 6 with Probe", func(w io.Writer) error { return GuarantorBayes(w, 6, GuarantorOptions{Probe: true}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cw := &countWriter{w: io.Discard}
			if err := tc.gen(cw); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			const limit = 256 << 10
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > limit {
				t.Errorf("allocated %d bytes for %d bytes of output, want at most %d", alloc, cw.n, limit)
			}
		})
	}
}

// BenchmarkEscalationTree generates the depth-19 binary escalation tree
// (2^20-1 nodes, about 30 MB), as escalation_tree.py 19 2 does.
func BenchmarkEscalationTree(b *testing.B) {
	benchmarkGen(b, func(w io.Writer) error { return EscalationTree(w, 19, 2, TreeOptions{}) })
}

// BenchmarkRandomBimatrix generates the 500×500 game of random_bimatrix.py 500.
func BenchmarkRandomBimatrix(b *testing.B) {
	benchmarkGen(b, func(w io.Writer) error { return RandomBimatrix(w, 500, 0, BimatrixOptions{}) })
}

// BenchmarkGuarantorBayes generates the k = 6 guarantee game of
// guarantor_bayes.py 6 --probe.
func BenchmarkGuarantorBayes(b *testing.B) {
	benchmarkGen(b, func(w io.Writer) error { return GuarantorBayes(w, 6, GuarantorOptions{Probe: true}) })
}

// benchmarkGen reports the generator's speed in MB/s of output.
func benchmarkGen(b *testing.B, gen func(io.Writer) error) {
	cw := &countWriter{w: io.Discard}
	if err := gen(cw); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(cw.n)
	b.ReportAllocs()
	for b.Loop() {
		if err := gen(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
