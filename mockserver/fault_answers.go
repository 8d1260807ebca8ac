package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"
)

// statusNoAnswer is the journal's status of a call whose connection a
// reset fault closed: nginx's 444, "connection closed without a response".
const statusNoAnswer = 444

// resetConnection ends the call without an answer: the connection is
// hijacked and closed with a TCP reset. Where it cannot be hijacked (HTTP/2,
// a ResponseWriter of someone else's server) the handler aborts, which
// net/http turns into a dropped connection or stream, without logging.
func resetConnection(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if jw, ok := w.(*journalWriter); ok {
		jw.status = statusNoAnswer
	}
	if tc, ok := conn.(interface{ NetConn() net.Conn }); ok {
		conn = tc.NetConn() // TLS: reset the TCP connection, no close_notify
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0) // RST, not FIN: "connection reset by peer"
	}
	// Close once the handlers have returned, as the request's context is
	// then cancelled: the journal has the call before the client knows.
	context.AfterFunc(r.Context(), func() { _ = conn.Close() })
}

// gatewayTitles are the status lines of the pages of WeCom's gateway
// (Tencent's STGW, an nginx): nginx's own wording.
var gatewayTitles = map[int]string{
	http.StatusBadGateway:         "502 Bad Gateway",
	http.StatusServiceUnavailable: "503 Service Temporarily Unavailable",
	http.StatusGatewayTimeout:     "504 Gateway Time-out",
}

// gatewayPage is the HTML body WeCom's gateway sends with status.
func gatewayPage(status int) []byte {
	title := gatewayTitles[status]
	return []byte("<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n")
}

// writeGatewayError answers as WeCom's gateway does when the API behind it
// fails: status with its HTML page.
func writeGatewayError(w http.ResponseWriter, status int) {
	page := gatewayPage(status)
	h := w.Header()
	h.Set("Content-Type", "text/html")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	h.Set("Server", "stgw")
	w.WriteHeader(status)
	_, _ = w.Write(page)
}

// recordedAnswer is the real answer of a call, kept to be sent broken.
type recordedAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *recordedAnswer) Header() http.Header { return a.header }

func (a *recordedAnswer) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
}

func (a *recordedAnswer) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}

// record serves r with next into a recordedAnswer.
func record(next http.Handler, r *http.Request) *recordedAnswer {
	a := &recordedAnswer{header: http.Header{}}
	next.ServeHTTP(a, r)
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a
}

// sendHeader copies a's headers to w with the body length n, and writes
// status.
func (a *recordedAnswer) sendHeader(w http.ResponseWriter, status, n int) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	h.Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(status)
}

// writeTruncated answers HTTP 200 with the first half of the real answer:
// a JSON object cut before its end never decodes.
func writeTruncated(w http.ResponseWriter, a *recordedAnswer) {
	body := a.body.Bytes()
	body = body[:len(body)/2]
	a.sendHeader(w, http.StatusOK, len(body))
	_, _ = w.Write(body)
}

// noteErrcode gives the journal the errcode of a real answer sent by a
// fault (the writer's own note went to the recorder).
func noteErrcode(w http.ResponseWriter, a *recordedAnswer) {
	jw, ok := w.(*journalWriter)
	if !ok {
		return
	}
	var head struct {
		ErrCode *int `json:"errcode"`
	}
	if json.Unmarshal(a.body.Bytes(), &head) == nil && head.ErrCode != nil {
		jw.errcode, jw.hasErrcode = *head.ErrCode, true
	}
}

// slowPace is how a slow answer of bytesPerSecond is cut: pieces of a
// tenth of a second's bytes (at least one), one every interval.
func slowPace(bytesPerSecond int) (chunk int, interval time.Duration) {
	chunk = max(1, bytesPerSecond/10)
	return chunk, time.Duration(chunk) * time.Second / time.Duration(bytesPerSecond)
}

// trickle writes body in chunks, flushing each but the last, waiting
// interval between two. It stops when a write fails — the listener's write timeout passed,
// the server shut down, the client went away — or when wait fails
// (the request's context is done).
func trickle(ctx context.Context, w http.ResponseWriter, body []byte, chunk int, interval time.Duration,
	wait func(context.Context, time.Duration) error) {
	rc := http.NewResponseController(w)
	for len(body) > 0 {
		n := min(chunk, len(body))
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		if body = body[n:]; len(body) == 0 {
			// net/http sends the last piece when the handlers return:
			// the journal has the call before the client has its answer.
			return
		}
		if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return
		}
		if wait(ctx, interval) != nil {
			return
		}
	}
}

// sleepCtx waits d of real time, or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writeSlow sends the real answer at bytesPerSecond, its length announced.
func writeSlow(w http.ResponseWriter, r *http.Request, a *recordedAnswer, bytesPerSecond int) {
	noteErrcode(w, a)
	body := a.body.Bytes()
	a.sendHeader(w, a.status, len(body))
	chunk, interval := slowPace(bytesPerSecond)
	trickle(r.Context(), w, body, chunk, interval, sleepCtx)
}
