package job

import (
	"io"

	"github.com/klauspost/compress/s2"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// parquetRowGroupBytes bounds the uncompressed values of a row group of a
// Parquet trials file: the writer holds one row group in memory, so a run
// of any length exports in bounded memory.
const parquetRowGroupBytes = 32 << 20

// parquetTrials writes a trials file as Parquet: a required INT64 column
// trial (DELTA_BINARY_PACKED: consecutive indices take almost no room),
// then a required DOUBLE column per value column (BYTE_STREAM_SPLIT), in
// the order of trialColumns, Snappy-compressed (see snappyFast), in row
// groups of about parquetRowGroupBytes (at most 1M rows). The provenance
// goes into the file's key/value metadata. Values are written column by
// column, a block at a time.
//
// Byte-stream split stores each byte of the values apart, so the sign,
// exponent and leading mantissa bytes, alike across a column of trials,
// compress: on benchmarks/reference.yaml the file is 12% smaller than
// with PLAIN doubles, at no more CPU (benchmarks/README.md, "Trials out
// to Parquet"). It is a standard encoding of DOUBLE that current readers
// implement (parquet-go, Arrow's C++ and so pyarrow, DuckDB, which
// TestTrialsOutDuckDB checks, Spark); a reader too old to know it fails
// on the file rather than misreading it.
type parquetTrials struct {
	w     *parquet.GenericWriter[any]
	vals  []parquet.Value
	rows  int // rows in the current row group
	group int // rows per row group
}

// orderedGroup is a parquet.Group whose fields come in the order given
// (a Group's come sorted by name), so that the file's columns are the
// CSV's.
type orderedGroup struct {
	parquet.Group
	fields []parquet.Field
}

// Fields returns the group's fields in order.
func (g orderedGroup) Fields() []parquet.Field { return g.fields }

// parquetSchema returns the schema of a trials file with the columns.
func parquetSchema(cols []trialColumn) *parquet.Schema {
	g := parquet.Group{"trial": parquet.Encoded(parquet.Leaf(parquet.Int64Type), &parquet.DeltaBinaryPacked)}
	for _, c := range cols {
		g[c.name] = parquet.Encoded(parquet.Leaf(parquet.DoubleType), &parquet.ByteStreamSplit)
	}
	byName := map[string]parquet.Field{}
	for _, f := range g.Fields() {
		byName[f.Name()] = f
	}
	fields := []parquet.Field{byName["trial"]}
	for _, c := range cols {
		fields = append(fields, byName[c.name])
	}
	return parquet.NewSchema("trials", orderedGroup{Group: g, fields: fields})
}

func newParquetTrials(f io.Writer, cols []trialColumn) *parquetTrials {
	group := parquetRowGroupBytes / (8 * (len(cols) + 1))
	group = min(1<<20, max(1024, group))
	// Each column holds a page buffer: no bigger than its share of a
	// row group, so that thousands of columns do not take 256 KB each.
	page := min(parquet.DefaultPageBufferSize, max(8<<10, 8*group))
	return &parquetTrials{
		w: parquet.NewGenericWriter[any](f, parquetSchema(cols), parquet.Compression(&snappyFast{}),
			parquet.PageBufferSize(page)),
		group: group,
	}
}

func (t *parquetTrials) write(first, every int64, data [][]float64, n int) error {
	for start := 0; start < n; {
		// Up to the end of the row group.
		k := min(n-start, t.group-t.rows)
		if cap(t.vals) < k {
			t.vals = make([]parquet.Value, k)
		}
		vals := t.vals[:k]
		cws := t.w.ColumnWriters()
		for i := range vals {
			vals[i] = parquet.Int64Value(first + int64(start+i)*every)
		}
		if _, err := cws[0].WriteRowValues(vals); err != nil {
			return err
		}
		for c, col := range data {
			for i, x := range col[start : start+k] {
				vals[i] = parquet.DoubleValue(x)
			}
			if _, err := cws[c+1].WriteRowValues(vals); err != nil {
				return err
			}
		}
		if t.rows += k; t.rows == t.group {
			if err := t.w.Flush(); err != nil {
				return err
			}
			t.rows = 0
		}
		start += k
	}
	return nil
}

func (t *parquetTrials) close(meta []keyValue) error {
	for _, kv := range meta {
		t.w.SetKeyValueMetadata(kv.key, kv.value)
	}
	return t.w.Close()
}

// snappyFast is parquet-go's Snappy codec with the fast encoder of
// klauspost/compress (s2.EncodeSnappy, Snappy's block format, which any
// Snappy decoder reads) instead of its "better" one, which is ten times
// slower on the byte streams of random doubles for 6% less size. Snappy
// rather than Zstd: even Zstd's fastest level encodes these pages several
// times slower than Snappy, and the writer's CPU is what the export
// costs the run (the engine produces 88 bytes per trial at millions of
// trials a second).
type snappyFast struct{ snappy.Codec }

// Encode compresses src into dst's space, in Snappy's block format.
func (*snappyFast) Encode(dst, src []byte) ([]byte, error) {
	return s2.EncodeSnappy(dst[:cap(dst)], src), nil
}
