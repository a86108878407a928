package sim

import (
	"math"
	"math/big"
)

// exactSum adds float64 values without rounding, so that a sum does not
// depend on the order of its terms: it is what makes an Aggregate's moments
// merge to the same bits whatever the split of a run into blocks, workers
// or shards.
//
// It is a "small superaccumulator" (R. M. Neal, "Fast exact summation using
// small and large superaccumulators", arXiv:1505.05571, 2015): every finite
// float64 is an integer multiple of 2^-1074, so the sum is kept as a
// fixed-point integer Σ x·2^1074 in 32-bit digits held in int64 chunks; the
// 31 spare bits of each chunk absorb carries, which are propagated every
// 2^30 additions. Adding a value is three integer additions.
type exactSum struct {
	chunk [exactChunks]int64
	adds  int32 // additions since the carries were last propagated
	// posInf and negInf count infinite terms; nan is set by a NaN term.
	posInf, negInf int64
	nan            bool
}

// exactChunks covers the 2098 bits of a fixed-point float64 plus headroom.
const exactChunks = 67

// add adds x exactly.
func (s *exactSum) add(x float64) {
	bits := math.Float64bits(x)
	e := int(bits>>52) & 0x7ff
	m := bits & (1<<52 - 1)
	switch {
	case e == 0x7ff:
		switch {
		case m != 0:
			s.nan = true
		case bits>>63 != 0:
			s.negInf++
		default:
			s.posInf++
		}
		return
	case e == 0: // subnormal: m·2^-1074
		e = 1
	default:
		m |= 1 << 52
	}
	if m == 0 {
		return
	}
	// |x|·2^1074 = m·2^(e-1).
	sh := uint(e - 1)
	k, r := sh>>5, sh&31
	lo := int64((m << r) & 0xffffffff)
	hi := m >> (32 - r)
	mid, top := int64(hi&0xffffffff), int64(hi>>32)
	if bits>>63 != 0 {
		lo, mid, top = -lo, -mid, -top
	}
	s.chunk[k] += lo
	s.chunk[k+1] += mid
	s.chunk[k+2] += top
	if s.adds++; s.adds == 1<<30 {
		s.carry()
	}
}

// carry propagates carries so that every chunk but the last is in [0, 2^32).
func (s *exactSum) carry() {
	for i := range exactChunks - 1 {
		c := s.chunk[i] >> 32 // arithmetic shift: floor division
		s.chunk[i] -= c << 32
		s.chunk[i+1] += c
	}
	s.adds = 0
}

// merge adds the terms of o.
func (s *exactSum) merge(o *exactSum) {
	s.carry()
	oc := *o
	oc.carry()
	for i := range s.chunk {
		s.chunk[i] += oc.chunk[i]
	}
	s.adds = 1 // each chunk grew by at most one carried digit
	s.posInf += o.posInf
	s.negInf += o.negInf
	s.nan = s.nan || o.nan
}

// fixed returns the sum times 2^1074 as an integer, and whether the sum is
// finite (no infinite or NaN term).
func (s *exactSum) fixed() (*big.Int, bool) {
	c := *s
	c.carry()
	x := new(big.Int)
	d := new(big.Int)
	for i := exactChunks - 1; i >= 0; i-- {
		x.Lsh(x, 32)
		x.Add(x, d.SetInt64(c.chunk[i]))
	}
	return x, !s.nan && s.posInf == 0 && s.negInf == 0
}

// special returns the value of a sum with infinite or NaN terms.
func (s *exactSum) special() float64 {
	switch {
	case s.nan || s.posInf > 0 && s.negInf > 0:
		return math.NaN()
	case s.posInf > 0:
		return math.Inf(1)
	}
	return math.Inf(-1)
}

// float returns the sum divided by d, correctly rounded to float64 (±Inf
// when it overflows).
func (s *exactSum) quo(d float64) float64 {
	x, ok := s.fixed()
	if !ok {
		return s.special()
	}
	return quoFixed(x, 1074, d)
}

// quoFixed returns x·2^-shift / d rounded to the nearest float64.
func quoFixed(x *big.Int, shift int, d float64) float64 {
	f := new(big.Float).SetInt(x)
	f.SetMantExp(f, -shift)
	q := new(big.Float).SetPrec(53).Quo(f, new(big.Float).SetFloat64(d))
	v, _ := q.Float64()
	return v
}
