package plots

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// zlibWriters keeps zlib writers between images: a new one allocates and
// clears its match tables.
var zlibWriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed) // the level is valid
	return zw
}}

// encodePNG writes img as an 8-bit RGB PNG (alpha is dropped: charts are
// drawn opaque on white) whose rows all use the Up filter, compressed by
// github.com/klauspost/compress's zlib at BestSpeed.
//
// image/png chooses a filter per row by trying all five (PNG specification
// §12.8, "Filter selection"), which is most of its encoding time for a
// 1600×1000 chart. A chart's rows mostly repeat the row above (background,
// bars, vertical lines), so Up alone turns them into runs of zeros, and a
// row equal to the one above is not filtered at all. klauspost's deflate
// at level 1 is about twice as fast as compress/flate's BestSpeed on these
// rows, for files about 12% larger. Together about 4× faster than
// image/png (BenchmarkEncodePNG: 6.5–7.5 vs 32–34 ms, in one run).
// The format is the W3C Portable Network Graphics specification, 3rd ed.
func encodePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8] = 8  // bit depth
	ihdr[9] = 2  // colour type: truecolour (RGB)
	ihdr[10] = 0 // deflate
	ihdr[11] = 0 // adaptive filtering with the five basic filters
	ihdr[12] = 0 // no interlace
	if err := writeChunk(bw, "IHDR", ihdr[:]); err != nil {
		return err
	}
	idat := &chunkWriter{w: bw, typ: "IDAT"}
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	zw.Reset(idat)
	// row has two bytes of slack for upFilter's 8-byte stores.
	row := make([]byte, 1+3*width+2)
	row[0] = 2 // filter type Up: each byte minus the same byte of the row above
	same := make([]byte, 1+3*width)
	same[0] = 2                    // an Up-filtered row equal to the row above: all zeros
	above := make([]byte, 4*width) // the row above the first is taken as zero
	for y := b.Min.Y; y < b.Max.Y; y++ {
		off := img.PixOffset(b.Min.X, y)
		src := img.Pix[off : off+4*width : off+4*width]
		out := same
		if !bytes.Equal(src, above) {
			upFilter(row[1:], src, above)
			out = row[:1+3*width]
		}
		above = src
		if _, err := zw.Write(out); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := idat.flush(); err != nil {
		return err
	}
	if err := writeChunk(bw, "IEND", nil); err != nil {
		return err
	}
	return bw.Flush()
}

// upFilter writes the RGB bytes of the RGBA row src minus those of the
// RGBA row above into dst (3 bytes a pixel), which needs two bytes of slack
// beyond them. Two pixels at a time are subtracted as one 64-bit word, byte
// by byte without borrows (SWAR: H. S. Warren, Hacker's Delight, 2nd ed.,
// §2-18, "Multibyte add, subtract, absolute value"), packed to 6 bytes and
// stored as 8, of which the next store overwrites the last two.
func upFilter(dst, src, above []byte) {
	const h = 0x8080808080808080
	n := len(src) / 4
	dst, src, above = dst[:3*n+2], src[:4*n], above[:4*n]
	for len(src) >= 8 && len(above) >= 8 && len(dst) >= 8 {
		s := binary.LittleEndian.Uint64(src)
		a := binary.LittleEndian.Uint64(above)
		d := ((s | h) - (a &^ h)) ^ ((s ^ ^a) & h)
		binary.LittleEndian.PutUint64(dst, d&0xffffff|d>>8&0xffffff000000)
		src, above, dst = src[8:], above[8:], dst[6:]
	}
	if len(src) == 4 { // an odd last pixel
		for k := range 3 {
			dst[k] = src[k] - above[k]
		}
	}
}

// writeChunk writes one PNG chunk: length, type, data and the CRC-32 of
// type and data.
func writeChunk(w io.Writer, typ string, data []byte) error {
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(head[4:])
	crc.Write(data)
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], crc.Sum32())
	for _, p := range [][]byte{head[:], data, tail[:]} {
		if _, err := w.Write(p); err != nil {
			return err
		}
	}
	return nil
}

// chunkWriter buffers compressed data into IDAT chunks of up to 64 KiB.
type chunkWriter struct {
	w   io.Writer
	typ string
	buf []byte
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), 1<<16-len(c.buf))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		if len(c.buf) == 1<<16 {
			if err := c.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (c *chunkWriter) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	err := writeChunk(c.w, c.typ, c.buf)
	c.buf = c.buf[:0]
	return err
}
