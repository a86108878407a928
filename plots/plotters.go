package plots

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// rect is an axis-aligned rectangle in data coordinates.
type rect struct{ x0, x1, y0, y1 float64 }

// rects fills rectangles in one colour: histogram bars, tail segments and
// tornado bars. It is drawn from pre-binned data, so it never sees raw samples.
type rects struct {
	rs   []rect
	fill color.Color
	line draw.LineStyle // outline; none if Color is nil
}

var (
	_ plot.Plotter     = (*rects)(nil)
	_ plot.DataRanger  = (*rects)(nil)
	_ plot.Thumbnailer = (*rects)(nil)
)

// Plot implements plot.Plotter.
//
// A white outline on a white chart only shows where it crosses a fill, so
// it is drawn by leaving that part unfilled: each rectangle is filled
// inset by half the line width on every side, which is the picture that
// filling and then stroking every rectangle in turn leaves behind, at
// about half the cost of rasterising.
func (r *rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	stroke := r.line.Color != nil && r.line.Width > 0
	inset := vg.Length(0)
	if stroke && r.fill != nil && isWhite(r.line.Color) {
		stroke, inset = false, r.line.Width/2
	}
	for _, b := range r.rs {
		x0, x1, y0, y1 := trX(b.x0), trX(b.x1), trY(b.y0), trY(b.y1)
		if inset > 0 {
			x0, x1 = min(x0, x1)+inset, max(x0, x1)-inset
			y0, y1 = min(y0, y1)+inset, max(y0, y1)-inset
			if x0 >= x1 || y0 >= y1 {
				continue // all outline
			}
		}
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		if r.fill != nil {
			c.FillPolygon(r.fill, c.ClipPolygonXY(pts))
		}
		if stroke {
			c.StrokeLines(r.line, c.ClipLinesXY(append(pts, pts[0]))...)
		}
	}
}

// isWhite reports whether c is opaque white, the colour of every chart's
// background.
func isWhite(c color.Color) bool {
	r, g, b, a := c.RGBA()
	return r == 0xffff && g == 0xffff && b == 0xffff && a == 0xffff
}

// DataRange implements plot.DataRanger.
func (r *rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, b := range r.rs {
		xmin, xmax = math.Min(xmin, math.Min(b.x0, b.x1)), math.Max(xmax, math.Max(b.x0, b.x1))
		ymin, ymax = math.Min(ymin, math.Min(b.y0, b.y1)), math.Max(ymax, math.Max(b.y0, b.y1))
	}
	return
}

// Thumbnail implements plot.Thumbnailer for legends.
func (r *rects) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y},
	}
	if r.fill != nil {
		c.FillPolygon(r.fill, c.ClipPolygonY(pts))
	}
}

// vmark is a labelled vertical line: a percentile marker or a threshold.
type vmark struct {
	x     float64
	label string
	line  draw.LineStyle
	text  color.Color
	row   int // label row, 0 at the top; set by layoutRows
}

// vmarks draws vertical lines across the data area with their labels in rows
// at the top, so that labels of close lines never overlap. Plot leaves the
// labels' rows free by raising the y axis maximum (see reserveHeadroom).
type vmarks struct {
	marks []vmark
	style text.Style
	rows  int
}

// rowHeight is the height of one row of labels.
func (m *vmarks) rowHeight() vg.Length { return m.style.Height("Pg") * 1.35 }

const labelPad = vg.Length(3) // padding around a label's text, in points

// layoutRows assigns each label the highest row where it overlaps no other
// label, given the data canvas c and the x range of the axis; it returns the
// number of rows. Placement is greedy from left to right.
func (m *vmarks) layoutRows(c draw.Canvas, xmin, xmax float64) {
	order := make([]int, len(m.marks))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return m.marks[order[a]].x < m.marks[order[b]].x })
	var rowEnds []vg.Length // right edge of the last label in each row
	for _, i := range order {
		mk := &m.marks[i]
		x := c.Min.X + vg.Length((mk.x-xmin)/(xmax-xmin))*(c.Max.X-c.Min.X)
		lo, hi := m.span(c, x, mk.label)
		r := 0
		for ; r < len(rowEnds); r++ {
			if lo > rowEnds[r]+2*labelPad {
				break
			}
		}
		if r == len(rowEnds) {
			rowEnds = append(rowEnds, 0)
		}
		rowEnds[r] = hi
		mk.row = r
	}
	m.rows = len(rowEnds)
}

// span returns the horizontal extent of a label centred on x and kept inside c.
func (m *vmarks) span(c draw.Canvas, x vg.Length, label string) (lo, hi vg.Length) {
	w := m.style.Width(label) + 2*labelPad
	lo = x - w/2
	if lo < c.Min.X {
		lo = c.Min.X
	}
	if lo+w > c.Max.X {
		lo = c.Max.X - w
	}
	return lo, lo + w
}

// headroom is the height the label rows need at the top of the data area.
func (m *vmarks) headroom() vg.Length {
	if m.rows == 0 {
		return 0
	}
	return vg.Length(m.rows)*m.rowHeight() + labelPad
}

// Plot implements plot.Plotter: first every line, stopping below its label,
// then every label on a translucent white box.
func (m *vmarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	rh := m.rowHeight()
	for _, mk := range m.marks {
		x := trX(mk.x)
		if x < c.Min.X-0.01 || x > c.Max.X+0.01 {
			continue
		}
		top := c.Max.Y - vg.Length(mk.row+1)*rh
		c.StrokeLine2(mk.line, x, c.Min.Y, x, top)
	}
	for _, mk := range m.marks {
		x := trX(mk.x)
		if x < c.Min.X-0.01 || x > c.Max.X+0.01 {
			continue
		}
		lo, hi := m.span(c, x, mk.label)
		ytop := c.Max.Y - vg.Length(mk.row)*rh
		ybot := ytop - rh + labelPad
		c.FillPolygon(labelBackColor, []vg.Point{{X: lo, Y: ybot}, {X: hi, Y: ybot}, {X: hi, Y: ytop}, {X: lo, Y: ytop}})
		sty := m.style
		sty.Color = mk.text
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		c.FillText(sty, vg.Point{X: (lo + hi) / 2, Y: (ytop + ybot) / 2}, mk.label)
	}
}

// reserveHeadroom lays out the labels of m on the data canvas of p within dc
// and raises p.Y.Max so that data up to ymax stays below the label rows.
func reserveHeadroom(p *plot.Plot, dc draw.Canvas, m *vmarks, ymax float64) {
	if len(m.marks) == 0 {
		return
	}
	m.layoutRows(p.DataCanvas(dc), p.X.Min, p.X.Max)
	reserveTop(p, dc, m.headroom()+labelPad, ymax)
}

// reserveTop raises p.Y.Max so that data up to ymax stays at least head
// below the top of the data area (at most 60% of it).
func reserveTop(p *plot.Plot, dc draw.Canvas, head vg.Length, ymax float64) {
	da := p.DataCanvas(dc)
	h := da.Max.Y - da.Min.Y
	if head > 0.6*h {
		head = 0.6 * h
	}
	if ymax > p.Y.Min && head > 0 {
		p.Y.Max = p.Y.Min + (ymax-p.Y.Min)*float64(h/(h-head))
	}
}

// legendEntry is one line of a boxLegend.
type legendEntry struct {
	name  string
	thumb plot.Thumbnailer
}

// corner places a boxLegend inside the data area.
type corner int

const (
	topRight corner = iota
	topLeft
	bottomRight
	bottomLeft
)

// boxLegend is a legend on a translucent white box in one corner of the data
// area (gonum's plot.Legend has no background and misplaces text that is not
// bottom-aligned).
type boxLegend struct {
	entries []legendEntry
	style   text.Style
	at      corner
	yoffs   vg.Length // moved down by this much from the top (e.g. below label rows)
}

// height is the height of the legend box including its margin.
func (l *boxLegend) height() vg.Length {
	return 6 + vg.Length(len(l.entries))*l.style.Height("Pg")*1.25 + 6 + 6
}

// Plot implements plot.Plotter.
func (l *boxLegend) Plot(c draw.Canvas, _ *plot.Plot) {
	if len(l.entries) == 0 {
		return
	}
	const pad, gap = vg.Length(6), vg.Length(6)
	thumbW := l.style.Font.Size * 2
	rowH := l.style.Height("Pg") * 1.25
	textW := vg.Length(0)
	for _, e := range l.entries {
		textW = max(textW, l.style.Width(e.name))
	}
	w := pad + thumbW + gap + textW + pad
	h := pad + vg.Length(len(l.entries))*rowH + pad
	var x0, y1 vg.Length
	switch l.at {
	case topLeft:
		x0, y1 = c.Min.X+pad, c.Max.Y-pad-l.yoffs
	case bottomRight:
		x0, y1 = c.Max.X-pad-w, c.Min.Y+pad+h
	case bottomLeft:
		x0, y1 = c.Min.X+pad, c.Min.Y+pad+h
	default:
		x0, y1 = c.Max.X-pad-w, c.Max.Y-pad-l.yoffs
	}
	box := []vg.Point{{X: x0, Y: y1 - h}, {X: x0 + w, Y: y1 - h}, {X: x0 + w, Y: y1}, {X: x0, Y: y1}}
	c.FillPolygon(labelBackColor, box)
	c.StrokeLines(draw.LineStyle{Color: gridColor, Width: vg.Points(0.6)}, append(box, box[0]))
	sty := l.style
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	for i, e := range l.entries {
		ytop := y1 - pad - vg.Length(i)*rowH
		ymid := ytop - rowH/2
		th := l.style.Font.Size * 0.7
		icon := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: x0 + pad, Y: ymid - th/2},
			Max: vg.Point{X: x0 + pad + thumbW, Y: ymid + th/2},
		}}
		e.thumb.Thumbnail(&icon)
		c.FillText(sty, vg.Point{X: x0 + pad + thumbW + gap, Y: ymid}, e.name)
	}
}
