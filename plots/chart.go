package plots

import (
	"fmt"
	"image"
	"image/color"

	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"git.sr.ht/~sbinet/gg"
	xdraw "golang.org/x/image/draw"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default chart geometry: 8 x 5 inches, which at DefaultDPI is a 1600 x 1000
// pixel PNG; a memo prints it about 6.5 inches wide.
const (
	DefaultWidth  = 8 * vg.Inch
	DefaultHeight = 5 * vg.Inch
	DefaultDPI    = 200
)

// Chart is a drawn chart ready to be written as PNG, SVG or PDF. Its size and
// PNG resolution may be changed before writing.
type Chart struct {
	Width, Height vg.Length // page size; DefaultWidth x DefaultHeight unless the chart needs more
	DPI           int       // PNG resolution in dots per inch
	// Footer, if not empty, is a line of small grey text drawn along the
	// bottom edge inside the chart's size, e.g. the provenance of the data
	// ("scenario · sha256 a9648cfcf3d1 · seed 42 · 1,000,000 trials"), so
	// that it travels with the image when pasted elsewhere.
	Footer string

	draw func(dc draw.Canvas)
}

// footerSize is the footer's font size in points: small, but readable when
// the chart prints 6.5 inches wide.
const footerSize = 8.5

// render draws the chart on dc, with its footer when it has one.
func (c *Chart) render(dc draw.Canvas) {
	if c.Footer == "" {
		c.draw(dc)
		return
	}
	sty := textStyle(sansFont, footerSize, axisColor, draw.XRight, draw.YBottom)
	pad := vg.Points(5)
	h := sty.Height(c.Footer) + 2*pad
	// A footer wider than the chart is cut with an ellipsis rather than
	// running off its left edge.
	footer := cutToWidth(sty, c.Footer, dc.Max.X-dc.Min.X-4*pad)
	dc.FillText(sty, vg.Point{X: dc.Max.X - 2*pad, Y: dc.Min.Y + pad}, footer)
	body := dc
	body.Min.Y += h
	c.draw(body)
}

// whiten paints a vector canvas white (vector canvases start transparent)
// and returns it.
func whiten(dc draw.Canvas) draw.Canvas {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	return dc
}

func newChart(f func(draw.Canvas)) *Chart {
	return &Chart{Width: DefaultWidth, Height: DefaultHeight, DPI: DefaultDPI, draw: f}
}

// images keeps chart images between renderings: a new 1600 × 1000 image is
// 6.4 MB for the garbage collector to clear and collect. vgimg paints a
// reused image white before drawing.
var images sync.Pool

// newRGBA returns an image of w × h pixels from images, or a new one.
func newRGBA(w, h int) *image.RGBA {
	if img, ok := images.Get().(*image.RGBA); ok {
		if n := 4 * w * h; cap(img.Pix) >= n {
			return &image.RGBA{Pix: img.Pix[:n], Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
		}
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}

// Formats lists the formats Write accepts.
var Formats = []string{"png", "svg", "pdf"}

// Write draws the chart to w in format "png", "svg" or "pdf".
func (c *Chart) Write(w io.Writer, format string) error {
	if c == nil || c.draw == nil {
		return fmt.Errorf("plots: Write on an empty chart")
	}
	if !(c.Width > 0 && c.Height > 0) {
		return fmt.Errorf("plots: chart size %v x %v is not positive", c.Width, c.Height)
	}
	var wt io.WriterTo
	switch strings.ToLower(format) {
	case "png":
		dpi := c.DPI
		if dpi <= 0 {
			dpi = DefaultDPI
		}
		// Draw straight into an RGBA image that we own (vgimg.New would
		// copy a fresh image into its context), which vgimg.NewWith fills
		// white: nothing else paints the background, since rasterising a
		// full-canvas rectangle costs as much as drawing the chart.
		px := func(l vg.Length) int { return int(l/vg.Inch*vg.Length(dpi) + 0.5) }
		rgba := newRGBA(px(c.Width), px(c.Height))
		defer images.Put(rgba)
		ctx := gg.NewContextForRGBA(rgba)
		ctx.SetLineCapButt() // as vgimg.NewWith sets up its own context
		ctx.InvertY()
		// gg draws every glyph through an interpolating transform. Text is
		// drawn unrotated at whole-pixel glyph positions (or turned by 90°),
		// where nearest-neighbour sampling gives the same pixels as the
		// default bilinear kernel at a fraction of the cost.
		ctx.SetInterpolator(xdraw.NearestNeighbor)
		img := vgimg.NewWith(vgimg.UseImageWithContext(rgba, ctx), vgimg.UseDPI(dpi))
		c.render(draw.New(img))
		return encodePNG(w, rgba)
	case "svg":
		svg := vgsvg.New(c.Width, c.Height)
		c.render(whiten(draw.New(svg)))
		wt = svg
	case "pdf":
		pdf := vgpdf.New(c.Width, c.Height)
		c.render(whiten(draw.New(pdf)))
		wt = pdf
	default:
		return fmt.Errorf("plots: unknown format %q (want png, svg or pdf)", format)
	}
	_, err := wt.WriteTo(w)
	return err
}

// Save writes the chart to the file at path, in the format named by its
// extension (.png, .svg or .pdf).
func (c *Chart) Save(path string) (err error) {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	switch format {
	case "png", "svg", "pdf":
	default:
		return fmt.Errorf("plots: %s: unknown extension (want .png, .svg or .pdf)", path)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return c.Write(f, format)
}

// Series is one named data series of a chart. Its fields mean what the chart
// taking it says: for Histogram, X holds bin edges and Y the counts; for
// Exceedance, X holds values and Y the probabilities P(value > X).
// A single-series chart may leave Name empty; overlays name every series in
// the legend.
type Series struct {
	Name string
	X, Y []float64
}

// column is one slice of chart data under validation.
type column struct {
	name string
	v    []float64
}

// validate is the one data check every chart calls before drawing: each
// column must be non-empty and finite. what names the chart and series, e.g.
// `histogram: series "base"`.
func validate(what string, cols ...column) error {
	for _, c := range cols {
		if len(c.v) == 0 {
			return fmt.Errorf("plots: %s: %s is empty", what, c.name)
		}
		for i, v := range c.v {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("plots: %s: %s[%d] is %v; every value must be finite", what, c.name, i, v)
			}
		}
	}
	return nil
}

// validateScalars checks single values such as marker positions.
func validateScalars(what string, names []string, vs []float64) error {
	for i, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("plots: %s: %s is %v; it must be finite", what, names[i], v)
		}
	}
	return nil
}

// seriesName returns how errors refer to series i.
func seriesName(chart string, s []Series, i int) string {
	if len(s) == 1 && s[0].Name == "" {
		return chart
	}
	if s[i].Name == "" {
		return fmt.Sprintf("%s: series %d", chart, i)
	}
	return fmt.Sprintf("%s: series %q", chart, s[i].Name)
}

func increasing(what, name string, v []float64, strict bool) error {
	for i := 1; i < len(v); i++ {
		if v[i] < v[i-1] || (strict && v[i] == v[i-1]) {
			kind := "non-decreasing"
			if strict {
				kind = "strictly increasing"
			}
			return fmt.Errorf("plots: %s: %s must be %s, but %s[%d] = %v follows %v", what, name, kind, name, i, v[i], v[i-1])
		}
	}
	return nil
}
