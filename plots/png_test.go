package plots

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
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
