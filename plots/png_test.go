package plots

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"testing"
)

// TestEncodePNGLossless decodes what encodePNG wrote with image/png and
// compares every pixel, for sizes that straddle IDAT chunk boundaries.
func TestEncodePNGLossless(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tc := range []struct {
		size   image.Point
		repeat int // rows come in runs of this many equal rows, as in a chart
	}{{image.Point{1, 1}, 1}, {image.Point{3, 7}, 1}, {image.Point{257, 129}, 1}, {image.Point{1600, 60}, 1},
		{image.Point{5, 9}, 3}, {image.Point{1600, 60}, 7}} {
		size := tc.size
		img := image.NewRGBA(image.Rect(0, 0, size.X, size.Y))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32()), 255
		}
		for y := range size.Y {
			if y%tc.repeat != 0 {
				copy(img.Pix[y*img.Stride:(y+1)*img.Stride], img.Pix[(y-1)*img.Stride:y*img.Stride])
			}
		}
		var buf bytes.Buffer
		if err := encodePNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := checkZlib(buf.Bytes()); err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%v: image/png cannot decode it: %v", size, err)
		}
		if got.Bounds() != img.Bounds() {
			t.Fatalf("%v: decoded bounds %v", size, got.Bounds())
		}
		for y := range size.Y {
			for x := range size.X {
				want := img.RGBAAt(x, y)
				if c := color.RGBAModel.Convert(got.At(x, y)).(color.RGBA); c != want {
					t.Fatalf("%v: pixel (%d, %d) = %v, want %v", size, x, y, c, want)
				}
			}
		}
	}
}

// BenchmarkEncodePNG compares encodePNG with image/png (at its fastest
// level) on a real chart.
func BenchmarkEncodePNG(b *testing.B) {
	ch, err := Histogram(HistogramSpec{Title: "t", XLabel: "x", Series: []Series{{X: []float64{0, 1, 2, 3}, Y: []float64{1, 3, 2}}}})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ch.Write(&buf, "png"); err != nil {
		b.Fatal(err)
	}
	src, err := png.Decode(&buf)
	if err != nil {
		b.Fatal(err)
	}
	img := image.NewRGBA(src.Bounds())
	for y := range src.Bounds().Dy() {
		for x := range src.Bounds().Dx() {
			img.Set(x, y, src.At(x, y))
		}
	}
	b.Run("upfilter", func(b *testing.B) {
		var out bytes.Buffer
		for b.Loop() {
			out.Reset()
			if err := encodePNG(&out, img); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(out.Len()), "bytes")
	})
	b.Run("image-png", func(b *testing.B) {
		var out bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		for b.Loop() {
			out.Reset()
			if err := enc.Encode(&out, img); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(out.Len()), "bytes")
	})
}

// TestAdler32 checks adler32Update and adler32Zeros against hash/adler32 on
// data like filtered chart rows (mostly zeros) and random bytes, across
// the 5552-byte reduction blocks, starting from arbitrary sums.
func TestAdler32(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 5551, 5552, 5553, 4801, 100_000} {
		for _, zeros := range []float64{0, 0.97, 1} {
			p := make([]byte, n)
			for i := range p {
				if rng.Float64() >= zeros {
					p[i] = byte(rng.Uint32())
				}
			}
			prefix := make([]byte, rng.IntN(20000))
			for i := range prefix {
				prefix[i] = 0xff
			}
			start := adler32.Checksum(prefix)
			want := adler32.Checksum(append(prefix, p...))
			if got := adler32Update(start, p); got != want {
				t.Errorf("adler32Update(n=%d, zeros=%v) = %#x, want %#x", n, zeros, got, want)
			}
			if zeros == 1 {
				if got := adler32Zeros(start, n); got != want {
					t.Errorf("adler32Zeros(n=%d) = %#x, want %#x", n, got, want)
				}
			}
		}
	}
}

// checkZlib reads the zlib stream of a PNG's IDAT chunks to its end, which
// verifies its header and Adler-32 checksum (image/png stops reading at the
// last row).
func checkZlib(b []byte) error {
	var idat []byte
	for p := b[8:]; len(p) >= 12; {
		n := int(binary.BigEndian.Uint32(p))
		if string(p[4:8]) == "IDAT" {
			idat = append(idat, p[8:8+n]...)
		}
		p = p[12+n:]
	}
	zr, err := zlib.NewReader(bytes.NewReader(idat))
	if err != nil {
		return err
	}
	_, err = io.ReadAll(zr)
	return err
}
