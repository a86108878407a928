package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromium is Debian's headless browser; .ci/run installs it when missing.
const chromium = "/usr/bin/chromium"

// screenshotFile is where TestReportHTMLInBrowser saves its screenshot, to
// look at (ignored by git).
const screenshotFile = goldenDir + "/report/report.html.got.jpg"

// TestReportHTMLInBrowser opens report.html in a real headless Chromium,
// offline, for three kinds of report: a scenario in plain USD (cyber-risk),
// one with 0/1 event outputs and periods (saas-runway), and a periodic one
// in USD millions. In each it checks that every image loaded, that the page
// needs nothing from the network, and that no text is clipped or overlaps
// other text, on a 1280 px screen and in the print (A4) layout, where the
// summary must fit its one page; it saves a screenshot of each layout. It
// skips when chromium is missing, unless CI=true.
func TestReportHTMLInBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; CI must install it (.ci/run does)", chromium)
		}
		t.Skipf("%s is missing (apt-get install chromium): skipping the browser test", chromium)
	}
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// This machine's network is closed: no first-run, sync, component
	// updates or background requests.
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(profile),
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil { // start the browser once, outside any per-tab timeout
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, scenario, title string
	}{
		{"usd", "cyber-risk", "Cyber-risk register"},
		{"events", "saas-runway", ""},
		{"periodic", writeFile(t, "launch.yaml", seriesScenario), "Launch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "montecarlo-report")
			if _, stderr, code := mc(t, "run", tc.scenario, "-n", "8192", "-q", "--out", dir); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			pngs, _ := filepath.Glob(filepath.Join(dir, "*.png"))
			tab, cancelTab := chromedp.NewContext(browser)
			defer cancelTab()
			for _, layout := range []struct {
				name   string
				width  int64 // CSS px: a laptop screen, or A4's 210 mm less the 2 × 14 mm margins at 96 px/inch
				media  string
				onePag bool
			}{
				{"screen", 1280, "", false},
				{"print", 688, "print", true},
			} {
				err := chromedp.Do(tab,
					chromedp.EmulateViewport(layout.width, 1400),
					chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: layout.media})
						return err
					}),
					chromedp.Navigate("file://"+filepath.Join(dir, "report.html")),
				)
				if err != nil {
					t.Fatalf("%s: opening report.html: %v", layout.name, err)
				}
				checkPage(t, tab, layout.name, len(pngs), tc.title, layout.onePag)
				shot, err := chromedp.Run(tab, chromedp.FullScreenshot(80))
				if err != nil {
					t.Fatalf("%s: screenshot: %v", layout.name, err)
				}
				saved := filepath.Join(t.TempDir(), "report.jpg")
				if err := os.MkdirAll(filepath.Dir(screenshotFile), 0o755); err == nil {
					saved = strings.TrimSuffix(screenshotFile, ".got.jpg") + "." + tc.name + "-" + layout.name + ".got.jpg"
				}
				if err := os.WriteFile(saved, shot, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("screenshot of report.html, %s layout (%d KB): %s", layout.name, len(shot)/1024, saved)
			}
		})
	}
}

// pageCheckJS measures what a reader would see go wrong: images that did
// not load, text clipped by its box (a cell or block whose content is wider
// than it and that hides the overflow, or a page wider than the window),
// boxes of text that overlap other text, and the height of the summary.
const pageCheckJS = `Promise.all(Array.from(document.images, i => i.decode().catch(() => null))).then(() => {
  const imgs = Array.from(document.images, i => ({src: i.src.slice(0, 30), complete: i.complete, width: i.naturalWidth}));
  const sel = 'h1, h2, h3, p, li, td, th, figcaption, dt, dd, pre, figure img';
  const els = Array.from(document.querySelectorAll(sel)).filter(e => e.getClientRects().length > 0);
  const clipped = [];
  for (const e of els) {
    const cs = getComputedStyle(e);
    if (e.scrollWidth > e.clientWidth + 1 && cs.overflowX !== 'visible' && e.tagName !== 'IMG') clipped.push(e.tagName + ': ' + e.textContent.slice(0, 60));
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) clipped.push('page is ' + document.documentElement.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window');
  const overlaps = [];
  const rects = els.map(e => e.getBoundingClientRect());
  for (let i = 0; i < els.length && overlaps.length < 5; i++) {
    for (let j = i + 1; j < els.length; j++) {
      if (els[i].contains(els[j]) || els[j].contains(els[i])) continue;
      const a = rects[i], b = rects[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) { overlaps.push(els[i].tagName + ' "' + els[i].textContent.slice(0, 40) + '" / ' + els[j].tagName + ' "' + els[j].textContent.slice(0, 40) + '"'); break; }
    }
  }
  const s = document.getElementById('summary');
  const top = s ? s.getBoundingClientRect().bottom + window.scrollY : 0;
  return {images: imgs, clipped: clipped, overlaps: overlaps, summaryBottom: top, external: performance.getEntriesByType('resource').map(e => e.name), title: document.title};
})`

// pageCheck is what pageCheckJS returns.
type pageCheck struct {
	Images []struct {
		Src      string  `json:"src"`
		Complete bool    `json:"complete"`
		Width    float64 `json:"width"`
	} `json:"images"`
	Clipped, Overlaps, External []string
	SummaryBottom               float64 `json:"summaryBottom"`
	Title                       string
}

// checkPage runs pageCheckJS in tab and reports what it found; wantImages
// is the number of PNG figures in the report folder, each embedded once.
func checkPage(t *testing.T, tab context.Context, layout string, wantImages int, title string, onePage bool) {
	t.Helper()
	c, err := chromedp.Run(tab, chromedp.Evaluate[pageCheck](pageCheckJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: checking the page: %v", layout, err)
	}
	if len(c.Images) != wantImages {
		t.Errorf("%s: report.html shows %d images, want %d (every figure of the folder, once)", layout, len(c.Images), wantImages)
	}
	for i, im := range c.Images {
		if !im.Complete || im.Width < 1600 {
			t.Errorf("%s: image %d (%s...) did not load: complete %v, naturalWidth %v (want >= 1600)", layout, i, im.Src, im.Complete, im.Width)
		}
	}
	for _, s := range c.Clipped {
		t.Errorf("%s: clipped text: %s", layout, s)
	}
	for _, s := range c.Overlaps {
		t.Errorf("%s: overlapping text: %s", layout, s)
	}
	if len(c.External) > 0 {
		t.Errorf("%s: report.html loads external resources: %q", layout, c.External)
	}
	if title != "" && c.Title != title {
		t.Errorf("%s: title %q, want %q", layout, c.Title, title)
	}
	// A4 less the 2 × 16 mm margins is 265 mm of print: 1,001 CSS px.
	const a4 = 1001.0
	if onePage && c.SummaryBottom > a4 {
		t.Errorf("%s: the title, headline and summary end %.0f px down the page, beyond the %.0f px of one A4 page", layout, c.SummaryBottom, a4)
	}
}
