// Package browsertest holds the browser tests of the login pages, the
// install page and the dashboard, and their driver: a real headless
// Chromium, driven with chromedp. It is a Go module of its own so that
// chromedp stays out of the module graph of everyone who imports the mock;
// `make test` runs it like every module of the repository.
package browsertest
