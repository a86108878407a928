package sim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"

	"github.com/montecarlo-risk/montecarlo/model"
)

// aggregateMagic starts a serialised Aggregate; aggregateVersion is its
// format's version, raised whenever the encoding changes.
const (
	aggregateMagic   = "MCAGG\x00"
	aggregateVersion = 2
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// MarshalBinary encodes the aggregate: a versioned, checksummed format
// holding every count and exact sum, so that UnmarshalBinary restores an
// aggregate that merges and summarises to the same bits. Histograms are
// stored sparsely: the size grows with the number of distinct buckets the
// data reached, about 2-3 bytes each, not with the trials.
func (a *Aggregate) MarshalBinary() ([]byte, error) {
	b := []byte(aggregateMagic)
	b = binary.LittleEndian.AppendUint16(b, aggregateVersion)
	b = binary.AppendVarint(b, a.trials)
	b = binary.LittleEndian.AppendUint64(b, a.seed)
	b = binary.AppendUvarint(b, uint64(a.groups))
	b = binary.AppendUvarint(b, uint64(a.periods))
	b = binary.AppendUvarint(b, uint64(len(a.outputs)))
	for j, o := range a.outputs {
		b = appendString(b, o.Name)
		b = appendString(b, o.Label)
		b = appendString(b, o.Unit)
		b = binary.AppendUvarint(b, uint64(o.Slot))
		b = appendBool(b, a.series[j])
		b = binary.AppendUvarint(b, uint64(len(o.Thresholds)))
		for _, t := range o.Thresholds {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(t))
		}
		b = binary.AppendUvarint(b, uint64(len(o.Below)))
		for _, t := range o.Below {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(t))
		}
		b = binary.AppendUvarint(b, uint64(len(o.Percentiles)))
		for _, p := range o.Percentiles {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(a.ranges)))
	for _, r := range a.ranges {
		b = binary.AppendVarint(b, r.Lo)
		b = binary.AppendVarint(b, r.Hi)
	}
	for k := range a.accs {
		b = a.accs[k].appendBinary(b)
		for g := range a.accs[k].groups {
			b = a.accs[k].groups[g].appendBinary(b)
		}
	}
	var pairs int
	if a.ranks != nil {
		pairs = len(a.ranks.pairs)
	}
	b = binary.AppendUvarint(b, uint64(pairs))
	for p := range pairs {
		b = appendString(b, a.ranks.names[p][0])
		b = appendString(b, a.ranks.names[p][1])
		for _, v := range a.ranks.sums[p] {
			b = binary.AppendVarint(b, v)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(a.conv)))
	for i := range a.conv {
		b = binary.AppendVarint(b, a.conv[i].n)
		b = appendExactSum(b, &a.conv[i].sum)
	}
	s := &a.sample
	b = binary.AppendUvarint(b, uint64(s.keep))
	b = binary.AppendUvarint(b, uint64(s.inputs))
	b = binary.AppendUvarint(b, uint64(len(s.names)))
	for j, n := range s.names {
		b = appendString(b, n)
		if j < s.inputs {
			b = appendBool(b, s.perPeriod[j])
		}
	}
	for i, cols := range s.blocks {
		b = appendBool(b, cols != nil)
		if cols == nil {
			continue
		}
		for _, c := range cols {
			b = appendFloats(b, c)
		}
		b = appendBool(b, s.means[i] != nil)
		for _, m := range s.means[i] {
			b = appendBool(b, m != nil)
			if m != nil {
				b = appendFloats(b, m)
			}
		}
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable)), nil
}

func (c *accumulator) appendBinary(b []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.shift))
	b = binary.AppendVarint(b, c.n)
	b = binary.AppendVarint(b, c.skipped)
	for _, s := range []*exactSum{&c.sum, &c.sq, &c.blockSq} {
		b = appendExactSum(b, s)
	}
	h := c.hist
	b = binary.AppendUvarint(b, uint64(h.bits()))
	b = binary.AppendUvarint(b, h.n)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(h.min))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(h.max))
	b = appendPages(b, h, false)
	b = appendPages(b, h, true)
	for _, v := range c.over {
		b = binary.AppendVarint(b, v)
	}
	for _, v := range c.under {
		b = binary.AppendVarint(b, v)
	}
	return b
}

// appendPages writes the non-empty buckets of h's pages (or of its exact
// counts) as the page count, then per page its number, the number of
// non-empty buckets, and their gaps and counts.
func appendPages(b []byte, h *histogram, exact bool) []byte {
	var pages [][]uint64
	var keys []uint64
	for _, k := range h.pageKeys() {
		c, e := h.page(k)
		if exact {
			c = e
		}
		if c != nil {
			pages, keys = append(pages, c), append(keys, k)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(pages)))
	for i, p := range pages {
		b = binary.AppendUvarint(b, keys[i])
		nz := 0
		for _, c := range p {
			if c != 0 {
				nz++
			}
		}
		b = binary.AppendUvarint(b, uint64(nz))
		last := -1
		for j, c := range p {
			if c != 0 {
				b = binary.AppendUvarint(b, uint64(j-last))
				b = binary.AppendUvarint(b, c)
				last = j
			}
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendFloats(b []byte, xs []float64) []byte {
	b = binary.AppendUvarint(b, uint64(len(xs)))
	for _, x := range xs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// errCorrupt is returned for data that is not an aggregate MarshalBinary wrote.
var errCorrupt = errors.New("sim: not a valid aggregate (truncated or corrupt)")

// UnmarshalBinary decodes data written by MarshalBinary, replacing a. It
// fails, without panicking, on data of another version, truncated or
// altered data (a CRC-32C checksum covers every byte).
func (a *Aggregate) UnmarshalBinary(data []byte) error {
	if len(data) < len(aggregateMagic)+2+4 || string(data[:len(aggregateMagic)]) != aggregateMagic {
		return errors.New("sim: not an aggregate (bad magic number)")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	d := &decoder{b: body[len(aggregateMagic):]}
	if v := d.u16(); v != aggregateVersion {
		return fmt.Errorf("sim: aggregate format version %d; this engine reads version %d", v, aggregateVersion)
	}
	if crc32.Checksum(body, crcTable) != sum {
		return errors.New("sim: aggregate checksum mismatch (the data is corrupt)")
	}
	var m model.Model
	trials := d.varint()
	seed := d.u64()
	groups := d.count(ReplicateGroups)
	m.Periods = int(d.count(1 << 20))
	nout := d.count(1 << 20)
	for range nout {
		o := model.Output{Name: d.str(), Label: d.str(), Unit: d.str(), Slot: int(d.count(1 << 20))}
		if o.Slot >= len(m.Slots) {
			m.Slots = append(m.Slots, make([]model.Slot, o.Slot+1-len(m.Slots))...)
		}
		m.Slots[o.Slot].Series = d.bool()
		nt := d.count(1 << 20)
		for range nt {
			o.Thresholds = append(o.Thresholds, d.float())
		}
		nb := d.count(1 << 20)
		for range nb {
			o.Below = append(o.Below, d.float())
		}
		np := d.count(1 << 20)
		for range np {
			o.Percentiles = append(o.Percentiles, d.float())
		}
		m.Outputs = append(m.Outputs, o)
	}
	if d.err != nil || trials < 1 || m.Periods < 1 || groups != 0 && groups != ReplicateGroups {
		return errCorrupt
	}
	// The sample's names come later; build the aggregate, then fill it.
	out := newAggregateGroups(&m, Config{Trials: trials, Seed: seed}, int(groups))
	nr := d.count(1 << 40)
	for range nr {
		r := BlockRange{d.varint(), d.varint()}
		if d.err != nil || out.cover(r) != nil {
			return errCorrupt
		}
	}
	for k := range out.accs {
		out.accs[k].decode(d)
		for g := range out.accs[k].groups {
			out.accs[k].groups[g].decode(d)
			if out.accs[k].groups[g].shift != out.accs[k].shift {
				d.fail()
			}
		}
	}
	if pairs := d.count(1 << 20); pairs > 0 {
		r := &rankPairs{}
		for range pairs {
			r.names = append(r.names, [2]string{d.str(), d.str()})
			var sums [6]int64
			for k := range sums {
				sums[k] = d.varint()
			}
			r.sums = append(r.sums, sums)
			r.pairs = append(r.pairs, [2]int{-1, -1}) // positions are not kept: a read-back aggregate does not consume
		}
		out.ranks = r
	}
	if nc := d.count(1 << 10); nc != uint64(len(out.conv)) {
		d.fail()
	}
	for i := range out.conv {
		out.conv[i].n = d.varint()
		d.exactSum(&out.conv[i].sum)
	}
	s := &out.sample
	keep, inputs, names := d.count(SampleSize), d.count(1<<20), d.count(1<<20)
	if d.err != nil || inputs > names || names != inputs+uint64(nout) {
		return errCorrupt
	}
	s.inputs, s.names, s.perPeriod = int(inputs), nil, nil
	columns := int(names)
	for j := range names {
		s.names = append(s.names, d.str())
		if j < inputs {
			s.perPeriod = append(s.perPeriod, d.bool())
			if s.perPeriod[j] {
				columns++
			}
		}
	}
	// The sample's size follows from its columns (see sampleKeep), which
	// newAggregate did not know.
	if d.err != nil || int(keep) != sampleKeep(trials, columns) {
		return errCorrupt
	}
	s.keep = int(keep)
	s.blocks = make([][][]float64, Blocks(int64(keep)))
	s.means = make([][][]float64, Blocks(int64(keep)))
	for i := range s.blocks {
		if !d.bool() {
			continue
		}
		n := min(BlockSize, s.keep-i*BlockSize)
		cols := make([][]float64, len(s.names))
		for j := range cols {
			cols[j] = d.floats(n)
		}
		s.blocks[i] = cols
		if d.bool() {
			means := make([][]float64, s.inputs)
			for j := range means {
				if d.bool() {
					means[j] = d.floats(n)
				}
			}
			s.means[i] = means
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return errCorrupt
	}
	*a = *out
	return nil
}

func (c *accumulator) decode(d *decoder) {
	c.shift = d.float()
	if c.shift-c.shift != 0 {
		d.fail()
	}
	c.n, c.skipped = d.varint(), d.varint()
	for _, s := range []*exactSum{&c.sum, &c.sq, &c.blockSq} {
		d.exactSum(s)
	}
	h := c.hist
	if bits := d.uvarint(); bits != uint64(h.bits()) {
		d.fail() // the resolution follows from the outputs read before
	}
	h.n = d.uvarint()
	h.min, h.max = d.float(), d.float()
	var total, exact uint64
	d.pages(h, false, &total)
	d.pages(h, true, &exact)
	for k := range c.over {
		c.over[k] = d.varint()
	}
	for k := range c.under {
		c.under[k] = d.varint()
	}
	if total != h.n || !h.exactWithinCounts() || c.n < 0 || uint64(c.n) != h.n {
		d.fail()
	}
}

// decoder reads what MarshalBinary wrote; its first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.b = nil
}

func (d *decoder) take(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		d.fail()
		return make([]byte, max(n, 0))
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) u16() uint16    { return binary.LittleEndian.Uint16(d.take(2)) }
func (d *decoder) u64() uint64    { return binary.LittleEndian.Uint64(d.take(8)) }
func (d *decoder) float() float64 { return math.Float64frombits(d.u64()) }
func (d *decoder) bool() bool {
	v := d.take(1)[0]
	if v > 1 {
		d.fail()
	}
	return v == 1
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a count of at most limit items.
func (d *decoder) count(limit uint64) uint64 {
	v := d.uvarint()
	if v > limit {
		d.fail()
		return 0
	}
	return v
}

func (d *decoder) str() string { return string(d.take(int(d.count(1 << 20)))) }

func (d *decoder) floats(want int) []float64 {
	n := d.count(BlockSize)
	if int(n) != want {
		d.fail()
	}
	xs := make([]float64, want)
	for i := range xs {
		xs[i] = d.float()
	}
	return xs
}

func (d *decoder) pages(h *histogram, exact bool, total *uint64) {
	pageLen := 1 << h.bits()
	np := d.count(numPages)
	last := -1
	for range np {
		i := int(d.count(numPages - 1))
		if i <= last || d.err != nil {
			d.fail()
			return
		}
		last = i
		p := h.ensurePage(uint64(i), exact)
		nz := d.count(uint64(pageLen))
		j := -1
		for range nz {
			j += int(d.count(uint64(pageLen)))
			if j >= pageLen || d.err != nil {
				d.fail()
				return
			}
			p[j] = d.uvarint()
			*total += p[j]
		}
	}
}

// appendExactSum writes s with its carries propagated.
func appendExactSum(b []byte, s *exactSum) []byte {
	x := *s
	x.carry()
	b = binary.AppendVarint(b, x.posInf)
	b = binary.AppendVarint(b, x.negInf)
	b = appendBool(b, x.nan)
	for _, d := range x.chunk {
		b = binary.AppendVarint(b, d)
	}
	return b
}

// exactSum reads what appendExactSum wrote into s.
func (d *decoder) exactSum(s *exactSum) {
	s.posInf, s.negInf, s.nan = d.varint(), d.varint(), d.bool()
	for i := range s.chunk {
		s.chunk[i] = d.varint()
		if i < exactChunks-1 && (s.chunk[i] < 0 || s.chunk[i] >= 1<<32) {
			d.fail()
		}
	}
}
