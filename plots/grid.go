package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/montecarlo-risk/montecarlo/numfmt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panel is one small histogram of a Grid: an input's pre-binned sample.
type Panel struct {
	Name string // e.g. "Revenue"
	Unit string // e.g. "USD billions"; the panel title is "Name (Unit)"
	// Edges are the n+1 strictly increasing bin edges, Counts the n counts.
	Edges, Counts []float64
}

// GridSpec describes small multiples: one histogram per input, so that a
// reader sees what was assumed.
type GridSpec struct {
	Title  string
	Panels []Panel
	Cols   int // panels per row; default 3
}

// Grid returns small multiples of histograms on one canvas, aligned with
// plot.Align. The chart is 8 inches wide and grows 2.1 inches per row. It
// copies the data.
func Grid(spec GridSpec) (*Chart, error) {
	if len(spec.Panels) == 0 {
		return nil, fmt.Errorf("plots: grid: no panels")
	}
	cols := spec.Cols
	if cols <= 0 {
		cols = 3
	}
	cols = min(cols, len(spec.Panels))
	rows := (len(spec.Panels) + cols - 1) / cols
	type panel struct {
		title, unit    string
		edges, shares  []float64
		maxShare, xmin float64
	}
	ps := make([]panel, len(spec.Panels))
	for i, pn := range spec.Panels {
		what := fmt.Sprintf("grid: panel %d (%q)", i, pn.Name)
		if err := validate(what, column{"edges", pn.Edges}, column{"counts", pn.Counts}); err != nil {
			return nil, err
		}
		if len(pn.Edges) != len(pn.Counts)+1 {
			return nil, fmt.Errorf("plots: %s: %d edges for %d counts; want one more edge than counts", what, len(pn.Edges), len(pn.Counts))
		}
		if err := increasing(what, "edges", pn.Edges, true); err != nil {
			return nil, err
		}
		total := 0.0
		for j, c := range pn.Counts {
			if c < 0 {
				return nil, fmt.Errorf("plots: %s: counts[%d] = %v is negative", what, j, c)
			}
			total += c
		}
		if total == 0 {
			return nil, fmt.Errorf("plots: %s: every count is zero", what)
		}
		title := pn.Name
		if pn.Unit != "" {
			title += " (" + pn.Unit + ")"
		}
		p := panel{title: title, unit: pn.Unit, edges: append([]float64(nil), pn.Edges...), shares: make([]float64, len(pn.Counts))}
		for j, c := range pn.Counts {
			p.shares[j] = 100 * c / total
			p.maxShare = max(p.maxShare, p.shares[j])
		}
		ps[i] = p
	}
	ch := newChart(func(dc draw.Canvas) {
		body := dc
		if spec.Title != "" {
			sty := textStyle(titleFont, titleSize, textColor, draw.XCenter, draw.YTop)
			dc.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y - 4}, spec.Title)
			body.Max.Y -= sty.Height(spec.Title) + 14
		}
		plots := make([][]*plot.Plot, rows)
		for r := range plots {
			plots[r] = make([]*plot.Plot, cols)
		}
		// Width of one panel, for fitting its title (plot.Align's tiles).
		panelW := (body.Max.X - body.Min.X - vg.Points(4) - vg.Points(10) - vg.Points(14)*vg.Length(cols-1)) / vg.Length(cols)
		for i, pn := range ps {
			p := theme{scale: 0.8}.newPlot(pn.title, "", "")
			p.Title.Text = fitTitle(p.Title.TextStyle, pn.title, panelW)
			p.X.Tick.Marker = fitTicks(p.X.Tick.Label, pn.edges[0], pn.edges[len(pn.edges)-1], 5, pn.unit, panelDataWidth(panelW))
			if vs := discreteValues(pn.edges); vs != nil {
				p.X.Tick.Marker = valueAt(vs, pn.unit) // a discrete input: one tick at each value
			}
			p.Y.Tick.Marker = niceTicks{n: 4, suffix: "%"}
			p.X.Padding = 0
			p.Y.Min = 0
			// White gaps between the bars, as in Histogram (and cheaper
			// to draw than dark outlines: see rects.Plot).
			bars := &rects{fill: oiSkyBlue, line: draw.LineStyle{Color: color.White, Width: vg.Points(0.4)}}
			for j, y := range pn.shares {
				bars.rs = append(bars.rs, rect{pn.edges[j], pn.edges[j+1], 0, y})
			}
			p.Add(bars)
			p.Y.Max = pn.maxShare * 1.12
			plots[i/cols][i%cols] = p
		}
		t := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(14), PadY: vg.Points(14),
			PadTop: vg.Points(2), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(10)}
		canvases := plot.Align(plots, t, body)
		for r := range plots {
			for c, p := range plots[r] {
				if p != nil {
					p.Draw(canvases[r][c])
				}
			}
		}
	})
	ch.Height = vg.Inch*0.5 + vg.Inch*2.1*vg.Length(rows)
	return ch, nil
}

// discreteValues returns the values of a discrete input's panel, whose
// bars are one unit wide and centred on whole numbers (0 and 1 of a yes/no
// input, 9 to 13 of a month), when there are at most 12 of them; else nil.
func discreteValues(edges []float64) []float64 {
	if len(edges) < 2 || len(edges) > 13 {
		return nil
	}
	var vs []float64
	for j := 1; j < len(edges); j++ {
		c := (edges[j-1] + edges[j]) / 2
		if edges[j]-edges[j-1] != 1 || c != math.Round(c) {
			return nil
		}
		vs = append(vs, c)
	}
	return vs
}

// valueAt ticks exactly the given values, labelled in unit.
func valueAt(vs []float64, unit string) plot.Ticker {
	labels := numfmt.Ticks(vs, 1, numfmt.ParseUnit(unit))
	ticks := make([]plot.Tick, len(vs))
	for i, v := range vs {
		ticks[i] = plot.Tick{Value: v, Label: labels[i]}
	}
	return plot.ConstantTicks(ticks)
}

// panelDataWidth is a conservative width of a panel's data area, the panel
// less its y axis (tick labels up to "100%", ticks and padding).
func panelDataWidth(panel vg.Length) vg.Length { return panel - vg.Points(48) }

// fitTicks returns the ticker for an axis from lo to hi, w wide, with
// the most labelled ticks, at most n, whose labels stand apart (each at
// least the width of a "0" from the next): fewer ticks first, down to 3,
// then labels on every second or third tick only. Wide ranges ("123,457"
// ... "987,654") and narrow panels then get fewer labels instead of
// labels that run into each other.
func fitTicks(sty text.Style, lo, hi float64, n int, unit string, w vg.Length) plot.Ticker {
	for k := n; k >= 3; k-- {
		if t := valueTicks(k, unit); ticksFit(sty, t.Ticks(lo, hi), lo, hi, w) {
			return t
		}
	}
	for every := 2; every <= 4; every++ {
		if t := (thinnedTicks{valueTicks(n, unit), every}); ticksFit(sty, t.Ticks(lo, hi), lo, hi, w) {
			return t
		}
	}
	return thinnedTicks{valueTicks(n, unit), 5}
}

// thinnedTicks labels every every-th of its ticker's labelled ticks and
// leaves the others as unlabelled ticks.
type thinnedTicks struct {
	ticker plot.Ticker
	every  int
}

// Ticks implements plot.Ticker.
func (t thinnedTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := t.ticker.Ticks(lo, hi)
	k := 0
	for i := range ticks {
		if ticks[i].Label == "" {
			continue
		}
		if k%t.every != 0 {
			ticks[i].Label = ""
		}
		k++
	}
	return ticks
}

// ticksFit reports whether the labels of ticks, placed on an axis from lo
// to hi that is w wide, leave at least the width of a "0" between
// neighbours, and whether at least two of them are labelled.
func ticksFit(sty text.Style, ticks []plot.Tick, lo, hi float64, w vg.Length) bool {
	if !(hi > lo) {
		return true
	}
	labelled := 0
	for _, tk := range ticks {
		if tk.Label != "" && tk.Value >= lo && tk.Value <= hi {
			labelled++
		}
	}
	if labelled < 2 {
		return false
	}
	gap := sty.Width("0")
	right := vg.Length(math.Inf(-1))
	for _, tk := range ticks {
		if tk.Label == "" || tk.Value < lo || tk.Value > hi {
			continue
		}
		x := vg.Length((tk.Value - lo) / (hi - lo) * float64(w))
		half := sty.Width(tk.Label) / 2
		if x-half < right+gap {
			return false
		}
		right = x + half
	}
	return true
}

// fitTitle fits a panel title "Name (Unit)" into width w: unchanged when it
// fits, else with the unit on a second line, and each line that is still
// too wide cut short with an ellipsis, so that no title runs into its
// neighbour or off the canvas.
func fitTitle(sty text.Style, title string, w vg.Length) string {
	if sty.Width(title) <= w {
		return title
	}
	if k := strings.LastIndex(title, " ("); k > 0 {
		return cutToWidth(sty, title[:k], w) + "\n" + cutToWidth(sty, title[k+1:], w)
	}
	return cutToWidth(sty, title, w)
}

// cutToWidth shortens s rune by rune and appends "…" until it fits in w.
func cutToWidth(sty text.Style, s string, w vg.Length) string {
	if sty.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && sty.Width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}
