package pages

import (
	"log/slog"
	"net/http"
)

// ErrorPage is the page shown when a page refuses a request (the view of a
// refusal, not an error value). WeCom shows a terse Chinese line (its page
// for an untrusted redirect_uri reads "redirect_uri需使用应用可信域名"); the
// mock shows that line too, then says in plain words what is wrong and how
// to change the request or the fixtures so it works.
type ErrorPage struct {
	Page
	// Status is the HTTP status; 400 if zero.
	Status int
	// Headline is the short line WeCom would show.
	Headline string
	// Problem says what is wrong; Fix how to fix it.
	Problem string
	Fix     string
	// Snippet, if set, is fixture YAML that would fix it.
	Snippet string
	// Received lists the parameters the page got, for comparison.
	Received []Param
}

// Param is one request parameter, kept in its order.
type Param struct{ Name, Value string }

// Error renders e.
func Error(w http.ResponseWriter, log *slog.Logger, e *ErrorPage) {
	if e.Status == 0 {
		e.Status = http.StatusBadRequest
	}
	if e.Title == "" {
		e.Title = "出错了 · Login error"
	}
	Render(w, log, e.Status, "error.html", e)
}
