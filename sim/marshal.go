package sim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"slices"

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
		b = appendBool(b, o.FirstPeriod)
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
	d, h, err := readHeader(data)
	if err != nil {
		return err
	}
	out := newAggregateGroups(&h.m, Config{Trials: h.trials, Seed: h.seed}, h.groups)
	if err := out.addBody(d, true); err != nil {
		return err
	}
	*a = *out
	return nil
}

// MergeBinary merges the aggregate data encodes (as MarshalBinary wrote
// it) into a, as Merge would merge it once decoded, but without building
// it: its counts and sums are added into a's as they are read, so that
// merging thousands of partials allocates nothing per partial but its
// sample. a must be of the same run; on an error a is left part-merged.
func (a *Aggregate) MergeBinary(data []byte) error {
	d, h, err := readHeader(data)
	if err != nil {
		return err
	}
	if err := a.sameHeader(&h); err != nil {
		return err
	}
	return a.addBody(d, false)
}

// header is the part of an encoded aggregate before its data.
type header struct {
	m      model.Model
	trials int64
	seed   uint64
	groups int
}

// readHeader checks data's magic number, version and checksum and reads
// its header.
func readHeader(data []byte) (*decoder, header, error) {
	var h header
	if len(data) < len(aggregateMagic)+2+4 || string(data[:len(aggregateMagic)]) != aggregateMagic {
		return nil, h, errors.New("sim: not an aggregate (bad magic number)")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	d := &decoder{b: body[len(aggregateMagic):]}
	if v := d.u16(); v != aggregateVersion {
		return nil, h, fmt.Errorf("sim: aggregate format version %d; this engine reads version %d", v, aggregateVersion)
	}
	if crc32.Checksum(body, crcTable) != sum {
		return nil, h, errors.New("sim: aggregate checksum mismatch (the data is corrupt)")
	}
	m := &h.m
	h.trials = d.varint()
	h.seed = d.u64()
	h.groups = int(d.count(ReplicateGroups))
	m.Periods = int(d.count(1 << 20))
	nout := d.count(1 << 20)
	for range nout {
		o := model.Output{Name: d.str(), Label: d.str(), Unit: d.str(), Slot: int(d.count(1 << 20))}
		if o.Slot >= len(m.Slots) {
			m.Slots = append(m.Slots, make([]model.Slot, o.Slot+1-len(m.Slots))...)
		}
		m.Slots[o.Slot].Series = d.bool()
		o.FirstPeriod = d.bool()
		for _, dst := range []*[]float64{&o.Thresholds, &o.Below, &o.Percentiles} {
			n := d.count(1 << 20)
			for range n {
				*dst = append(*dst, d.float())
			}
		}
		m.Outputs = append(m.Outputs, o)
	}
	if d.err != nil || h.trials < 1 || m.Periods < 1 || h.groups != 0 && h.groups != ReplicateGroups {
		return nil, h, errCorrupt
	}
	return d, h, nil
}

// sameHeader reports why an aggregate with header h cannot merge into a.
func (a *Aggregate) sameHeader(h *header) error {
	switch {
	case a.trials != h.trials:
		return fmt.Errorf("sim: cannot merge aggregates of runs of %d and %d trials", a.trials, h.trials)
	case a.seed != h.seed:
		return fmt.Errorf("sim: cannot merge aggregates of runs with seeds %d and %d", a.seed, h.seed)
	case a.groups != h.groups:
		return fmt.Errorf("sim: cannot merge aggregates of runs of different sampling designs (%d and %d replicate groups)", a.groups, h.groups)
	case a.periods != h.m.Periods || len(a.outputs) != len(h.m.Outputs):
		return fmt.Errorf("sim: cannot merge aggregates of different models")
	}
	for j, x := range a.outputs {
		y := h.m.Outputs[j]
		if x.Name != y.Name || a.series[j] != h.m.Slots[y.Slot].Series || !slices.Equal(x.Thresholds, y.Thresholds) ||
			!slices.Equal(x.Below, y.Below) || !slices.Equal(x.Percentiles, y.Percentiles) || x.FirstPeriod != y.FirstPeriod {
			return fmt.Errorf("sim: cannot merge aggregates of different models (output %q against %q)", x.Name, y.Name)
		}
	}
	return nil
}

// addBody reads the data after the header and adds it into a: into a
// fresh aggregate (fresh, which takes the shifts and sample layout it
// reads) or one of the same run, which must agree with them.
func (a *Aggregate) addBody(d *decoder, fresh bool) error {
	nr := d.count(1 << 40)
	for range nr {
		r := BlockRange{d.varint(), d.varint()}
		if d.err != nil {
			return errCorrupt
		}
		if err := a.cover(r); err != nil {
			if fresh {
				return errCorrupt
			}
			return err
		}
	}
	for k := range a.accs {
		c := &a.accs[k]
		c.decode(d, fresh)
		for g := range c.groups {
			c.groups[g].decode(d, fresh)
			if c.groups[g].shift != c.shift {
				d.fail()
			}
		}
	}
	if pairs := d.count(1 << 20); pairs > 0 || a.ranks != nil {
		if a.ranks == nil && fresh {
			a.ranks = &rankPairs{}
		}
		if a.ranks == nil || !fresh && uint64(len(a.ranks.names)) != pairs {
			return fmt.Errorf("sim: cannot merge aggregates that measure different rank correlations")
		}
		for p := range pairs {
			names := [2]string{d.str(), d.str()}
			var sums [6]int64
			for k := range sums {
				sums[k] = d.varint()
			}
			if fresh {
				a.ranks.names = append(a.ranks.names, names)
				a.ranks.sums = append(a.ranks.sums, sums)
				a.ranks.pairs = append(a.ranks.pairs, [2]int{-1, -1}) // positions are not kept: a read-back aggregate does not consume
				continue
			}
			if a.ranks.names[p] != names {
				return fmt.Errorf("sim: cannot merge aggregates that measure different rank correlations")
			}
			for k := range sums {
				a.ranks.sums[p][k] += sums[k]
			}
		}
	}
	if nc := d.count(1 << 10); nc != uint64(len(a.conv)) {
		d.fail()
	}
	for i := range a.conv {
		a.conv[i].n += d.varint()
		var sum exactSum
		d.exactSum(&sum)
		a.conv[i].sum.merge(&sum)
	}
	s := &a.sample
	keep, inputs, names := d.count(SampleSize), d.count(1<<20), d.count(1<<20)
	if d.err != nil || inputs > names || names != inputs+uint64(len(a.outputs)) {
		return errCorrupt
	}
	var sn []string
	var pp []bool
	columns := int(names)
	for j := range names {
		sn = append(sn, d.str())
		if j < inputs {
			pp = append(pp, d.bool())
			if pp[j] {
				columns++
			}
		}
	}
	// The sample's size follows from its columns (see sampleKeep).
	if d.err != nil || int(keep) != sampleKeep(a.trials, columns) {
		return errCorrupt
	}
	if fresh {
		s.inputs, s.names, s.perPeriod, s.keep = int(inputs), sn, pp, int(keep)
		s.blocks = make([][][]float64, Blocks(int64(keep)))
		s.means = make([][][]float64, Blocks(int64(keep)))
	} else if s.inputs != int(inputs) || !slices.Equal(s.names, sn) || !slices.Equal(s.perPeriod, pp) || s.keep != int(keep) {
		return fmt.Errorf("sim: cannot merge aggregates of different models")
	}
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
		s.means[i] = nil
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
	return nil
}

// decode reads an accumulator and adds it into c: into a fresh one
// (fresh: c takes the shift read) or one of the same run, whose shift must
// be the one read.
func (c *accumulator) decode(d *decoder, fresh bool) {
	shift := d.float()
	if shift-shift != 0 || !fresh && shift != c.shift {
		d.fail()
	}
	c.shift = shift
	n, skipped := d.varint(), d.varint()
	c.n += n
	c.skipped += skipped
	for _, s := range []*exactSum{&c.sum, &c.sq, &c.blockSq} {
		var x exactSum
		d.exactSum(&x)
		s.merge(&x)
	}
	h := c.hist
	if bits := d.uvarint(); bits != uint64(h.bits()) {
		d.fail() // the resolution follows from the outputs read before
	}
	hn := d.uvarint()
	h.n += hn
	lo, hi := d.float(), d.float()
	h.min, h.max = math.Min(h.min, lo), math.Max(h.max, hi)
	var total, exact uint64
	d.pages(h, false, &total)
	d.pages(h, true, &exact)
	for k := range c.over {
		c.over[k] += d.varint()
	}
	for k := range c.under {
		c.under[k] += d.varint()
	}
	if total != hn || exact > total || !h.exactWithinCounts() || n < 0 || uint64(n) != hn {
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
			v := d.uvarint()
			p[j] += v
			*total += v
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
