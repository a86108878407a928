package plots

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
)

// TestFooter: a chart's Footer is drawn along its bottom edge, inside the
// same size, in every format; without it the chart is unchanged.
func TestFooter(t *testing.T) {
	render := func(footer, format string) []byte {
		t.Helper()
		ch, err := Fan(FanSpec{Title: "t", XLabel: "x", YLabel: "y", Periods: []float64{1, 2},
			P5: []float64{1, 2}, P25: []float64{2, 3}, P50: []float64{3, 4}, P75: []float64{4, 5}, P95: []float64{5, 6}})
		if err != nil {
			t.Fatal(err)
		}
		ch.Footer = footer
		var buf bytes.Buffer
		if err := ch.Write(&buf, format); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		return buf.Bytes()
	}
	const line = "scenario · sha256 a9648cfcf3d1 · seed 42 · 1,000,000 trials · engine dev · 2024-07-24"
	plain, footed := render("", "png"), render(line, "png")
	a, err := png.Decode(bytes.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	b, err := png.Decode(bytes.NewReader(footed))
	if err != nil {
		t.Fatal(err)
	}
	if a.Bounds() != b.Bounds() {
		t.Errorf("footer changed the size: %v, without %v", b.Bounds(), a.Bounds())
	}
	// The bottom-right strip holds dark text only with the footer.
	strip := func(img image.Image) int {
		r := img.Bounds()
		dark := 0
		for y := r.Max.Y - 40; y < r.Max.Y; y++ {
			for x := r.Max.X - 800; x < r.Max.X; x++ {
				if cr, _, _, _ := img.At(x, y).RGBA(); cr < 0x9000 {
					dark++
				}
			}
		}
		return dark
	}
	if strip(b) < strip(a)+1000 {
		t.Errorf("dark pixels in the footer strip: %d without a footer, %d with (want 1000 more)", strip(a), strip(b))
	}
	if svg := string(render(line, "svg")); !strings.Contains(svg, "sha256 a9648cfcf3d1") {
		t.Error("SVG lacks the footer text")
	}
	if pdf := render(line, "pdf"); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Error("PDF with a footer is not a PDF")
	}
}
