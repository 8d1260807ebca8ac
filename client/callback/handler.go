package callback

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
)

// Func handles one decrypted callback. It returns a Reply to answer a
// message passively (e.g. TextReply), or nil for no reply. A non-nil error
// makes the Handler answer 500, so WeCom retries the delivery (3 attempts in
// all). Replies to suite callbacks are ignored: those are always answered
// "success".
//
// WeCom drops the connection after 5 s (1 s for create_auth, change_auth,
// cancel_auth and reset_permanent_code): do slow work asynchronously.
type Func func(ctx context.Context, ev Event) (Reply, error)

// DefaultMaxBodySize is the largest callback POST body read by default.
const DefaultMaxBodySize = 1 << 20

// Option configures a Handler.
type Option func(*Handler)

// WithDedup makes the Handler remember the last n callbacks it handled
// successfully and acknowledge a repeated delivery (WeCom retries when it got
// no 200 within 5 s) without calling the Func again; a repeated message gets
// the first delivery's passive reply again. A repeat arriving while the first
// delivery is still running waits for its outcome. Messages are keyed by
// MsgId; events by FromUserName+CreateTime and suite events by
// SuiteId+InfoType+TimeStamp, both completed by a hash of the decrypted XML so
// that distinct events of the same second are not merged. n <= 0 disables
// de-duplication (the default).
func WithDedup(n int) Option {
	return func(h *Handler) {
		if n > 0 {
			h.dedup = newDedup(n)
		} else {
			h.dedup = nil
		}
	}
}

// WithMaxBodySize limits the POST body to n bytes (default
// DefaultMaxBodySize); a larger body is answered 413.
func WithMaxBodySize(n int64) Option {
	return func(h *Handler) {
		if n > 0 {
			h.maxBody = n
		}
	}
}

// WithLogger logs rejected requests (Warn) and Func failures (Error) to l.
// By default nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(h *Handler) {
		if l != nil {
			h.log = l
		}
	}
}

// WithClock sets the clock used for the CreateTime and TimeStamp of passive
// replies (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(h *Handler) {
		if now != nil {
			h.now = now
		}
	}
}

// Handler is the http.Handler an app mounts at its WeCom callback URL. It
// answers the GET URL verification and decrypts, checks, parses and
// dispatches POSTed callbacks to a Func. It is safe for concurrent use.
type Handler struct {
	crypt     *wxcrypt.Crypt
	receiveID string
	fn        Func
	maxBody   int64
	dedup     *dedup
	log       *slog.Logger
	now       func() time.Time
}

// NewHandler returns a Handler for the callback configuration of an app:
// the Token and the 43-character EncodingAESKey, and the receiveid the
// payloads must carry — the corpid for a corp's own apps, the SuiteId (or
// 代开发 template id) for suite callbacks. An empty receiveID accepts any
// receiveid (e.g. data callbacks of a third-party app, encrypted with each
// authorizing corp's corpid).
//
// The error matches wxcrypt.ErrIllegalAESKey for a malformed key.
func NewHandler(token, encodingAESKey, receiveID string, fn Func, opts ...Option) (*Handler, error) {
	if token == "" {
		return nil, errors.New("callback: empty token")
	}
	if fn == nil {
		return nil, errors.New("callback: nil Func")
	}
	c, err := wxcrypt.New(token, encodingAESKey, receiveID)
	if err != nil {
		return nil, err
	}
	h := &Handler{
		crypt:     c,
		receiveID: receiveID,
		fn:        fn,
		maxBody:   DefaultMaxBodySize,
		log:       slog.New(slog.DiscardHandler),
		now:       time.Now,
	}
	for _, o := range opts {
		o(h)
	}
	return h, nil
}

// ServeHTTP answers GET (URL verification) and POST (deliveries); other
// methods get 405.
//
// GET ?msg_signature&timestamp&nonce&echostr → 200 with the bare decrypted
// echostr. POST ?msg_signature&timestamp&nonce with the XML envelope → 200
// with an empty body, an encrypted passive reply, or "success" for suite
// callbacks; 500 when the Func fails. A request that is malformed or fails
// the signature or receiveid check gets 400, 403 or 413 with a short text and
// never reaches the Func.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		h.serveVerify(w, r)
	case http.MethodPost:
		h.serveDelivery(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		h.fail(w, r, http.StatusMethodNotAllowed, "method not allowed", nil)
	}
}

func (h *Handler) serveVerify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sig, ts, nonce, echostr := q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce"), q.Get("echostr")
	if sig == "" || ts == "" || nonce == "" || echostr == "" {
		h.fail(w, r, http.StatusBadRequest, "missing msg_signature, timestamp, nonce or echostr", nil)
		return
	}
	// Base64 has no spaces: a space is a '+' the sender did not URL-encode.
	echostr = strings.ReplaceAll(echostr, " ", "+")
	plain, err := h.crypt.VerifyURL(sig, ts, nonce, echostr)
	if err != nil {
		h.failCrypt(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(plain)))
	w.WriteHeader(http.StatusOK)
	w.Write(plain)
}

func (h *Handler) serveDelivery(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sig, ts, nonce := q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")
	if sig == "" || ts == "" || nonce == "" {
		h.fail(w, r, http.StatusBadRequest, "missing msg_signature, timestamp or nonce", nil)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.fail(w, r, http.StatusRequestEntityTooLarge, "body too large", err)
			return
		}
		h.fail(w, r, http.StatusBadRequest, "cannot read body", err)
		return
	}
	env, err := wxcrypt.ParseEnvelope(body)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, "invalid envelope", err)
		return
	}
	plain, err := h.crypt.Decrypt(sig, ts, nonce, env.Encrypt)
	if err != nil {
		h.failCrypt(w, r, err)
		return
	}
	ev, p, err := parse(plain)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, "invalid message", err)
		return
	}

	reply, err := h.deliver(r.Context(), ev, p, plain)
	if err != nil {
		h.log.LogAttrs(r.Context(), slog.LevelError, "wecom callback: handler failed",
			slog.String("kind", ev.Kind()), slog.Any("error", err))
		http.Error(w, "callback failed", http.StatusInternalServerError)
		return
	}
	switch {
	case p.suite():
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "success")
	case reply == nil:
		w.WriteHeader(http.StatusOK)
	default:
		receiveID := h.receiveID
		if receiveID == "" {
			receiveID = env.ToUserName
		}
		out, err := h.encryptReply(reply, receiveID)
		if err != nil {
			h.log.LogAttrs(r.Context(), slog.LevelError, "wecom callback: cannot encrypt reply", slog.Any("error", err))
			http.Error(w, "callback failed", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		w.Write(out)
	}
}

// deliver calls the Func once per distinct callback (see WithDedup) and
// returns the plaintext passive reply, or nil.
func (h *Handler) deliver(ctx context.Context, ev Event, p *probe, plain []byte) (reply []byte, err error) {
	if h.dedup == nil {
		return h.call(ctx, ev, p)
	}
	key := dedupKey(p, plain)
	for {
		earlier, owner := h.dedup.begin(key)
		if owner {
			break
		}
		select {
		case <-earlier.done:
			if earlier.ok {
				h.log.LogAttrs(ctx, slog.LevelInfo, "wecom callback: duplicate acknowledged", slog.String("kind", ev.Kind()))
				return earlier.reply, nil
			}
			// The first delivery failed and was forgotten: claim it again.
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	ok := false
	defer func() { h.dedup.finish(key, ok, reply) }() // also when the Func panics
	reply, err = h.call(ctx, ev, p)
	ok = err == nil
	return reply, err
}

func (h *Handler) call(ctx context.Context, ev Event, p *probe) ([]byte, error) {
	rep, err := h.fn(ctx, ev)
	if err != nil {
		return nil, err
	}
	if rep == nil || p.suite() {
		return nil, nil
	}
	from := h.receiveID
	if from == "" {
		from = p.ToUserName
	}
	out, err := rep.ReplyXML(p.FromUserName, from, h.now().Unix())
	if err != nil {
		return nil, fmt.Errorf("callback: build reply: %w", err)
	}
	return out, nil
}

// encryptReply wraps a plaintext reply in the encrypted envelope, signed over
// a fresh timestamp and nonce.
func (h *Handler) encryptReply(plain []byte, receiveID string) ([]byte, error) {
	enc, err := h.crypt.EncryptPayload(wxcrypt.Payload{Random: randomPrefix(), Msg: plain, ReceiveID: receiveID})
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(h.now().Unix(), 10)
	nonce := strconv.FormatUint(uint64(mrand.Uint32()), 10)
	return (&wxcrypt.Reply{
		Encrypt:      enc,
		MsgSignature: h.crypt.Signature(ts, nonce, enc),
		TimeStamp:    ts,
		Nonce:        nonce,
	}).Marshal()
}

// randomPrefix returns 16 alphanumerics, like the official libraries.
func randomPrefix() []byte {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, wxcrypt.RandomLen)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return b
}

func (h *Handler) failCrypt(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, wxcrypt.ErrValidateSignature):
		h.fail(w, r, http.StatusForbidden, "invalid msg_signature", err)
	case errors.Is(err, wxcrypt.ErrValidateCorpID):
		h.fail(w, r, http.StatusForbidden, "receiveid mismatch", err)
	default:
		h.fail(w, r, http.StatusBadRequest, "cannot decrypt", err)
	}
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, msg string, err error) {
	h.log.LogAttrs(r.Context(), slog.LevelWarn, "wecom callback: rejected",
		slog.String("method", r.Method), slog.Int("status", status),
		slog.String("reason", msg), slog.Any("error", err))
	http.Error(w, msg, status)
}
