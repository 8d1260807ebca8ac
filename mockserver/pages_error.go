package mockserver

import "net/http"

// errorPage is the page a login page shows when it refuses a request (the
// view of a refusal, not an error value). WeCom shows a terse Chinese line (its
// page for an untrusted redirect_uri reads "redirect_uri需使用应用可信域名");
// the mock shows that line too, then says in plain words what is wrong and
// how to change the request or the fixtures so it works.
type errorPage struct {
	page
	Status int
	// Headline is the short line WeCom would show.
	Headline string
	// Problem says what is wrong; Fix how to fix it.
	Problem string
	Fix     string
	// Snippet, if set, is fixture YAML that would fix it.
	Snippet string
	// Received lists the parameters the page got, for comparison.
	Received []param
}

type param struct{ Name, Value string }

func (s *Server) renderError(w http.ResponseWriter, e *errorPage) {
	if e.Status == 0 {
		e.Status = http.StatusBadRequest
	}
	if e.Title == "" {
		e.Title = "出错了 · Login error"
	}
	s.renderPage(w, e.Status, "error.html", e)
}
