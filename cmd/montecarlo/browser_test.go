package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is Debian's headless browser; .ci/run installs it when missing.
const chromium = "/usr/bin/chromium"

// screenshotFile is where TestReportHTMLInBrowser saves its screenshot, to
// look at (ignored by git).
const screenshotFile = goldenDir + "/report/report.html.got.jpg"

// TestReportHTMLInBrowser opens report.html in a real headless Chromium,
// offline, checks that every image loaded and that the page needs nothing
// from the network, and saves a full-page screenshot. It skips when
// chromium is missing, unless CI=true.
func TestReportHTMLInBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; CI must install it (.ci/run does)", chromium)
		}
		t.Skipf("%s is missing (apt-get install chromium): skipping the browser test", chromium)
	}
	dir := filepath.Join(t.TempDir(), "montecarlo-report")
	scn := writeFile(t, "launch.yaml", seriesScenario)
	if _, stderr, code := mc(t, "run", scn, "-n", "8192", "-q", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}

	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
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
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1100, 1400),
		chromedp.Navigate("file://"+filepath.Join(dir, "report.html")),
	)
	if err != nil {
		t.Fatalf("opening report.html: %v", err)
	}
	// Wait for every image to finish decoding, then read its natural size.
	type img struct {
		Src      string  `json:"src"`
		Complete bool    `json:"complete"`
		Width    float64 `json:"width"`
	}
	imgs, err := chromedp.Run(bctx, chromedp.Evaluate[[]img](`Promise.all(Array.from(document.images, i => i.decode().catch(() => null)))
		.then(() => Array.from(document.images, i => ({src: i.src.slice(0, 30), complete: i.complete, width: i.naturalWidth})))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("reading the images: %v", err)
	}
	if len(imgs) != 10 {
		t.Errorf("report.html shows %d images, want 10: per output a histogram, an exceedance curve, a tornado and a fan, the first output's convergence, and the inputs", len(imgs))
	}
	for i, im := range imgs {
		if !im.Complete || im.Width < 1600 {
			t.Errorf("image %d (%s...) did not load: complete %v, naturalWidth %v (want >= 1600)", i, im.Src, im.Complete, im.Width)
		}
	}
	// Self-contained: no resource other than the page itself and data URIs.
	external, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => e.name)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(external) > 0 {
		t.Errorf("report.html loads external resources: %q", external)
	}
	title, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.title`))
	if err != nil || title != "Launch" {
		t.Errorf("title %q (err %v)", title, err)
	}

	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	saved := filepath.Join(t.TempDir(), "report.jpg")
	if err := os.MkdirAll(filepath.Dir(screenshotFile), 0o755); err == nil {
		saved = screenshotFile
	}
	if err := os.WriteFile(saved, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of report.html (%d KB): %s", len(shot)/1024, saved)
}
