package sampling

import (
	"math/rand/v2"
	"testing"
)

// TestPCGIntN: pcgIntN draws what rand.Rand.Uint64N (IntN's computation)
// draws from the same generator state, for bounds of every kind (powers
// of two, bounds just above one, bounds that reject often), so that the
// samplers' shuffles are those IntN would make.
func TestPCGIntN(t *testing.T) {
	a, b := rand.NewPCG(1, 2), rand.NewPCG(1, 2)
	r := rand.New(a)
	for _, n := range []uint64{1, 2, 3, 7, 1000, 1023, 1024, 1025, 1 << 40, 1<<63 + 1, 3 << 62} {
		for i := range 10000 {
			if got, want := pcgIntN(b, n), r.Uint64N(n); got != want {
				t.Fatalf("n=%d, draw %d: pcgIntN %d, Uint64N %d", n, i, got, want)
			}
		}
	}
	if r.IntN(1000) != int(pcgIntN(b, 1000)) {
		t.Fatal("IntN and pcgIntN part ways")
	}
}
