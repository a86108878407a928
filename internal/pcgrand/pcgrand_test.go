package pcgrand

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// TestNormFloat64s draws 10M standard normals through NormFloat64s and
// through rand.New(pcg).NormFloat64 from equal seeds, in blocks of
// assorted lengths, and compares every bit of every value and the
// generators' states after each block. Each stdlib draw is classified by
// its first Uint64 (fast path, base-strip tail, wedge accepted, wedge
// rejected and redrawn), and every rare path must be hit often enough to
// have been tested.
func TestNormFloat64s(t *testing.T) {
	const total = 10_000_000
	lengths := []int{1, 2, 7, 100, 1024, 4093}
	a, b := rand.NewPCG(42, 2024), rand.NewPCG(42, 2024)
	r := rand.New(a)
	var fast, tail, wedgeIn, wedgeOut int
	buf := make([]float64, 4093)
	for n, block := 0, 0; n < total; block++ {
		dst := buf[:lengths[block%len(lengths)]]
		NormFloat64s(b, dst)
		for k, got := range dst {
			peek := *a
			u := peek.Uint64()
			j, i := int32(u), u>>32&0x7F
			want := r.NormFloat64()
			switch x := float64(j) * float64(wn[i]); {
			case absInt32(j) < kn[i]:
				fast++
			case i == 0:
				tail++
			case want == x:
				wedgeIn++
			default:
				wedgeOut++
			}
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("draw %d: NormFloat64s %v, rand.NormFloat64 %v", n+k, got, want)
			}
		}
		if *a != *b {
			t.Fatalf("block %d: generators part ways", block)
		}
		n += len(dst)
	}
	t.Logf("fast %d, tail %d, wedge accepted %d, wedge rejected %d", fast, tail, wedgeIn, wedgeOut)
	// Measured: about 5.8e-4, 1.5e-2 and 1.2e-2 of the draws.
	for _, c := range []struct {
		path     string
		got, min int
	}{{"tail", tail, 2000}, {"wedge accepted", wedgeIn, 50_000}, {"wedge rejected", wedgeOut, 50_000}} {
		if c.got < c.min {
			t.Errorf("%s path hit %d times in %d draws, want at least %d", c.path, c.got, total, c.min)
		}
	}
}

// TestFloat64s: Float64s draws what rand.Rand.Float64 draws from the same
// generator state, and leaves the generator where Float64 leaves it.
func TestFloat64s(t *testing.T) {
	a, b := rand.NewPCG(7, 8), rand.NewPCG(7, 8)
	r := rand.New(a)
	dst := make([]float64, 1000)
	for range 100 {
		Float64s(b, dst)
		for k, got := range dst {
			if want := r.Float64(); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("draw %d: Float64s %v, rand.Float64 %v", k, got, want)
			}
		}
	}
	if *a != *b {
		t.Fatal("generators part ways")
	}
}

// TestUint64N: Uint64N draws what rand.Rand.Uint64N (IntN's computation)
// draws from the same generator state, for bounds of every kind (powers
// of two, bounds just above one, bounds that reject often), so that the
// samplers' shuffles are those IntN would make.
func TestUint64N(t *testing.T) {
	a, b := rand.NewPCG(1, 2), rand.NewPCG(1, 2)
	r := rand.New(a)
	for _, n := range []uint64{1, 2, 3, 7, 1000, 1023, 1024, 1025, 1 << 40, 1<<63 + 1, 3 << 62} {
		for i := range 10000 {
			if got, want := Uint64N(b, n), r.Uint64N(n); got != want {
				t.Fatalf("n=%d, draw %d: Uint64N %d, rand.Uint64N %d", n, i, got, want)
			}
		}
	}
	if r.IntN(1000) != int(Uint64N(b, 1000)) {
		t.Fatal("IntN and Uint64N part ways")
	}
}

// TestTablesAreTheStdlibs compares kn, wn and fn entry by entry with the
// tables in the installed Go's math/rand/v2/normal.go (skipped when its
// source is absent), so that a change there is caught here even where the
// rare draws that read an entry's last bits do not occur.
func TestTablesAreTheStdlibs(t *testing.T) {
	file := filepath.Join(runtime.GOROOT(), "src", "math", "rand", "v2", "normal.go")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Skip(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), file, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string][]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || len(vs.Values) != 1 {
			return true
		}
		if cl, ok := vs.Values[0].(*ast.CompositeLit); ok {
			for _, e := range cl.Elts {
				tables[vs.Names[0].Name] = append(tables[vs.Names[0].Name], e.(*ast.BasicLit).Value)
			}
		}
		return true
	})
	float32Eq := func(table *[128]float32) func(int, string) bool {
		return func(i int, lit string) bool {
			v, err := strconv.ParseFloat(lit, 32)
			return err == nil && float32(v) == table[i]
		}
	}
	ours := map[string]func(i int, lit string) bool{
		"kn": func(i int, lit string) bool {
			v, err := strconv.ParseUint(lit, 0, 32)
			return err == nil && uint32(v) == kn[i]
		},
		"wn": float32Eq(&wn),
		"fn": float32Eq(&fn),
	}
	for name, eq := range ours {
		lits := tables[name]
		if len(lits) != 128 {
			t.Fatalf("%s: %s has %d entries, want 128", file, name, len(lits))
		}
		for i, lit := range lits {
			if !eq(i, lit) {
				t.Errorf("%s[%d]: the stdlib has %s", name, i, lit)
			}
		}
	}
}
