package gamegen

import "math/bits"

// pyRandom reproduces CPython's random.Random for an integer seed: the
// MT19937 generator of Matsumoto and Nishimura ("Mersenne Twister: a
// 623-dimensionally equidistributed uniform pseudo-random number
// generator", ACM TOMACS 8(1), 1998), seeded as CPython's
// Modules/_randommodule.c seeds it, and the integer helpers of
// Lib/random.py (CPython 3.11) that the generator scripts call. Only what
// the scripts use is provided: getrandbits, randint and choice.
type pyRandom struct {
	mt  [mtN]uint32
	pos int
}

const (
	mtN       = 624
	mtM       = 397
	mtMatrixA = 0x9908b0df
	mtUpper   = 0x80000000
	mtLower   = 0x7fffffff
)

// newPyRandom returns the generator random.Random(seed) builds. As in
// CPython, the seed's absolute value is split into 32-bit words, least
// significant first (one zero word for seed 0), and fed to init_by_array;
// so seed and -seed give the same stream.
func newPyRandom(seed int64) *pyRandom {
	n := uint64(seed)
	if seed < 0 {
		n = -n // also right for math.MinInt64: 1<<63
	}
	key := []uint32{uint32(n)}
	if hi := uint32(n >> 32); hi != 0 {
		key = append(key, hi)
	}
	r := &pyRandom{}
	r.initByArray(key)
	return r
}

func (r *pyRandom) initGenrand(s uint32) {
	r.mt[0] = s
	for i := 1; i < mtN; i++ {
		r.mt[i] = 1812433253*(r.mt[i-1]^(r.mt[i-1]>>30)) + uint32(i)
	}
	r.pos = mtN
}

func (r *pyRandom) initByArray(key []uint32) {
	r.initGenrand(19650218)
	i, j := 1, 0
	k := max(mtN, len(key))
	for ; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= mtN {
			r.mt[0] = r.mt[mtN-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k = mtN - 1; k > 0; k-- {
		r.mt[i] = (r.mt[i] ^ ((r.mt[i-1] ^ (r.mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= mtN {
			r.mt[0] = r.mt[mtN-1]
			i = 1
		}
	}
	r.mt[0] = 0x80000000 // most significant bit 1: a non-zero initial state
}

// uint32 is genrand_uint32: the next tempered 32-bit output.
func (r *pyRandom) uint32() uint32 {
	if r.pos >= mtN {
		r.twist()
	}
	y := r.mt[r.pos]
	r.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

func (r *pyRandom) twist() {
	mag := func(y uint32) uint32 { return (y & 1) * mtMatrixA }
	var kk int
	for ; kk < mtN-mtM; kk++ {
		y := (r.mt[kk] & mtUpper) | (r.mt[kk+1] & mtLower)
		r.mt[kk] = r.mt[kk+mtM] ^ (y >> 1) ^ mag(y)
	}
	for ; kk < mtN-1; kk++ {
		y := (r.mt[kk] & mtUpper) | (r.mt[kk+1] & mtLower)
		r.mt[kk] = r.mt[kk+(mtM-mtN)] ^ (y >> 1) ^ mag(y)
	}
	y := (r.mt[mtN-1] & mtUpper) | (r.mt[0] & mtLower)
	r.mt[mtN-1] = r.mt[mtM-1] ^ (y >> 1) ^ mag(y)
	r.pos = 0
}

// getrandbits returns random.getrandbits(k) for 0 ≤ k ≤ 64: for k ≤ 32 the
// top k bits of one output; for more, whole outputs filled in from the
// least significant word, the last one cut to its top bits.
func (r *pyRandom) getrandbits(k int) uint64 {
	if k <= 32 {
		if k == 0 {
			return 0
		}
		return uint64(r.uint32() >> (32 - k))
	}
	lo := uint64(r.uint32())
	hi := uint64(r.uint32() >> (64 - k))
	return hi<<32 | lo
}

// randbelow is Random._randbelow_with_getrandbits: uniform in [0, n) for
// n > 0, drawing bit_length(n) bits until the value is below n.
func (r *pyRandom) randbelow(n uint64) uint64 {
	k := bits.Len64(n)
	v := r.getrandbits(k)
	for v >= n {
		v = r.getrandbits(k)
	}
	return v
}

// randint is Random.randint(a, b) = randrange(a, b+1) = a + _randbelow(b-a+1)
// for a ≤ b; the caller keeps b-a+1 within uint64 and a+result within int64.
func (r *pyRandom) randint(a, b int64) int64 {
	return a + int64(r.randbelow(uint64(b-a)+1))
}

// choice is Random.choice for a non-empty sequence of length n: the index
// it picks.
func (r *pyRandom) choice(n int) int {
	return int(r.randbelow(uint64(n)))
}
