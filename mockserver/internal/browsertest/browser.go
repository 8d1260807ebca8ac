package browsertest

// The browser tests' driver: a real headless Chromium, driven with chromedp.
// Without Chromium a browser test skips, unless WECOM_MOCK_REQUIRE_BROWSER=1
// (set by CI), which makes a missing browser a failure. WECOM_MOCK_CHROMIUM
// names the browser binary if it is not on PATH. WECOM_MOCK_SCREENSHOTS=DIR
// writes the screenshots of the docs (docs/*.png) into DIR.

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserTimeout bounds everything one browser test does.
const browserTimeout = 60 * time.Second

// findChromium returns the browser to drive, or "".
func findChromium() string {
	if p := os.Getenv("WECOM_MOCK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NewBrowser starts a headless Chromium for one test and returns the
// context of its first tab. The browser is stopped when the test ends, or
// after browserTimeout.
func NewBrowser(t *testing.T) context.Context {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("WECOM_MOCK_REQUIRE_BROWSER") == "1" {
			t.Fatal("WECOM_MOCK_REQUIRE_BROWSER=1 but no Chromium found (install the chromium package, or set WECOM_MOCK_CHROMIUM)")
		}
		t.Skip("no Chromium found: browser tests skipped (install chromium, or set WECOM_MOCK_CHROMIUM; CI sets WECOM_MOCK_REQUIRE_BROWSER=1)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(960, 820),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		bcancel()
		acancel()
		cancel()
	})
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(960, 820)); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return bctx
}

// NewTab opens another tab in the browser of ctx.
func NewTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	return tab
}

// Run runs the steps or fails the test, naming what it was doing.
func Run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Text reads the text of the element sel.
func Text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// Attr reads an attribute of the element sel.
func Attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil || !a.Exists {
		t.Fatalf("attribute %s of %s: %v (exists %v)", name, sel, err, a.Exists)
	}
	return a.Value
}

// Visible waits until the element sel is shown.
func Visible(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(sel))
}

func Click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

// Screenshot captures the tab's viewport as a PNG, checks it decodes, and
// writes it to $WECOM_MOCK_SCREENSHOTS/name when that is set.
func Screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(buf))
	if err != nil || cfg.Width == 0 {
		t.Fatalf("screenshot %s is not a PNG: %v", name, err)
	}
	if dir := os.Getenv("WECOM_MOCK_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
