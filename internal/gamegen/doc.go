// Package gamegen generates the three benchmark families of Bulwark's game
// solvers — perfect-information escalation trees, random bimatrix games and
// Bayesian guarantee games — byte for byte as the Python scripts in
// ../shared/gamegen (escalation_tree.py, random_bimatrix.py,
// guarantor_bayes.py) print them for the same arguments and seed, so
// benchmarks can build the large members of the families (10^6-node trees,
// 500×500 games) without Python and without committing big files.
//
// Byte identity rests on reproducing CPython's random.Random for an
// integer seed: the MT19937 generator (Matsumoto and Nishimura, ACM TOMACS
// 8(1), 1998) seeded by init_by_array with the 32-bit words of the seed's
// absolute value, as Modules/_randommodule.c does, and the integer helpers
// getrandbits, randint (via _randbelow's rejection sampling) and choice of
// Lib/random.py (CPython 3.11). The generators draw from it in the same
// order as the scripts.
//
// Every generator streams its output through a bufio.Writer, using memory
// proportional to the tree's depth (or k), not to the output, and refuses
// arguments whose output would exceed the bounds stated on each function.
// The families and Gambit's baseline on them are described in docs/games.md
// and docs/performance.md; game/testdata/gamegen holds the small members.
package gamegen
