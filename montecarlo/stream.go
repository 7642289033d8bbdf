package montecarlo

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
)

// streamDomain prefixes the bytes hashed into a chunk key, so that keys of
// this scheme cannot collide with keys derived the same way elsewhere.
const streamDomain = "bulwark/montecarlo/chunk/v1"

// ChunkKey returns the 32-byte ChaCha8 key of chunk index c under seed:
//
//	SHA-256("bulwark/montecarlo/chunk/v1" ‖ seed ‖ c)
//
// with seed and c as 8-byte little-endian integers (43 bytes hashed in
// all). Distinct (seed, chunk) pairs give unrelated keys.
func ChunkKey(seed uint64, c int64) [32]byte {
	var msg [len(streamDomain) + 16]byte
	copy(msg[:], streamDomain)
	binary.LittleEndian.PutUint64(msg[len(streamDomain):], seed)
	binary.LittleEndian.PutUint64(msg[len(streamDomain)+8:], uint64(c))
	return sha256.Sum256(msg[:])
}

// drawSeeds fills seeds with the per-draw generator states of a chunk:
// words 2j and 2j+1 of the chunk's ChaCha8 stream seed draw j. The chunk
// stream is consumed at exactly two words per draw whatever the sampler
// does, so a short last chunk makes the same first draws as a full one.
func drawSeeds(cha *rand.ChaCha8, seed uint64, c int64, seeds []uint64) {
	cha.Seed(ChunkKey(seed, c))
	for i := range seeds {
		seeds[i] = cha.Uint64()
	}
}

// DrawRand returns a generator positioned as the engine's at global draw
// index i (chunk i/chunkSize, draw i%chunkSize) under seed, for
// reproducing or debugging a single draw outside a run. It allocates; the
// engine itself reuses one generator per worker. A negative i is taken
// as 0.
func DrawRand(seed uint64, chunkSize int, i int64) *rand.Rand {
	if chunkSize <= 0 {
		chunkSize = DefaultChunkSize
	}
	i = max(i, 0)
	c, j := i/int64(chunkSize), int(i%int64(chunkSize))
	cha := rand.NewChaCha8(ChunkKey(seed, c))
	for range 2 * j {
		cha.Uint64()
	}
	return rand.New(rand.NewPCG(cha.Uint64(), cha.Uint64()))
}
