package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/catalog"
)

// Reading an entry: decoding what the middleware copied, masking secrets
// and naming the call's corp and app. None of this runs on the API's path.

// reveal is an entry as readers see it.
func (s *Server) reveal(e *entry) Request {
	raw := string(e.part(partQuery))
	r := Request{
		Seq: e.seq, Time: e.time, Method: e.method, Path: string(e.part(partPath)),
		Query: maskQuery(raw), Status: e.status, DurationMS: e.durationMS,
		Trimmed: e.trimmed, Unmatched: e.unmatched,
	}
	if e.unmatched { // worked out here, not for every unknown call
		r.DidYouMean = nearestPaths(r.Path)
	}
	if e.hasErrcode {
		code := e.errcode
		r.ErrCode = &code
	}
	r.CorpID, r.AgentID = s.entryOwner(e, raw)
	if e.trimmed {
		return r
	}
	r.RequestHeaders = decodeHeaders(e.part(partReqHeaders))
	r.RequestBody = bodyText(e.part(partReqBody), e.reqBodyLen, r.RequestHeaders.Get("Content-Type"))
	r.ResponseHeaders = decodeHeaders(e.part(partRespHeaders))
	r.ResponseBody = bodyText(e.part(partRespBody), e.respBodyLen, r.ResponseHeaders.Get("Content-Type"))
	maskHeaders(r.RequestHeaders)
	maskHeaders(r.ResponseHeaders)
	return r
}

// entryOwner is the corp and app a call was for: its corpid parameter or
// its access token's corp; its token's app, or an agentid in its query or
// JSON body.
func (s *Server) entryOwner(e *entry, rawQ string) (corpID string, agentID int) {
	q := rawQuery(rawQ)
	if t := q.Get("access_token"); t != "" {
		corpID, agentID = s.store.TokenOwner(t)
	}
	if c := q.Get("corpid"); c != "" {
		corpID = c
	}
	if agentID == 0 {
		agentID, _ = strconv.Atoi(q.Get("agentid"))
	}
	if body := e.part(partReqBody); agentID == 0 && bytes.Contains(body, []byte(`"agentid"`)) {
		var v struct {
			AgentID json.Number `json:"agentid"`
		}
		if json.Unmarshal(body, &v) == nil {
			agentID, _ = strconv.Atoi(v.AgentID.String())
		}
	}
	return corpID, agentID
}

// decodeHeaders reads appendHeaders' lines back; nil for none.
func decodeHeaders(b []byte) http.Header {
	if len(b) == 0 {
		return nil
	}
	h := http.Header{}
	for line := range strings.SplitSeq(strings.TrimSuffix(string(b), "\n"), "\n") {
		k, v, ok := strings.Cut(line, ": ")
		if !ok { // the mark of headers that did not fit
			k, v = "…", strings.TrimPrefix(line, "…")
		}
		h[k] = append(h[k], v)
	}
	return h
}

func maskHeaders(h http.Header) {
	for k, vs := range h {
		for i, v := range vs {
			vs[i] = maskHeader(k, v)
		}
	}
}

// bodyText is a body as the journal shows it: text with secrets masked
// and, when clipped, the mark of what was cut; "[binary, N bytes]" for
// anything that is not UTF-8 text.
func bodyText(b []byte, full int64, contentType string) string {
	if len(b) == 0 {
		return ""
	}
	clipped := full != int64(len(b))
	if clipped { // the cut may split the last character
		for k := 1; k < utf8.UTFMax && k <= len(b); k++ {
			if utf8.RuneStart(b[len(b)-k]) {
				if !utf8.FullRune(b[len(b)-k:]) {
					b = b[:len(b)-k]
				}
				break
			}
		}
	}
	if !utf8.Valid(b) {
		if full < 0 {
			return "[binary, more than " + strconv.Itoa(maxJournalBody) + " bytes]"
		}
		return "[binary, " + strconv.FormatInt(full, 10) + " bytes]"
	}
	text := string(b)
	switch t := strings.TrimLeft(text, " \t\r\n"); {
	case strings.Contains(contentType, "x-www-form-urlencoded"):
		text = maskQuery(text)
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "["):
		text = maskJSON(text)
	}
	if !clipped {
		return text
	}
	cut := int64(-1)
	if full >= 0 {
		cut = full - int64(len(b))
	}
	return string(appendTruncated([]byte(text), cut))
}

// nearestPaths are the API paths a caller of an unknown path (as the
// journal keeps it, clipped) probably meant.
func nearestPaths(path string) []string {
	return catalog.Default().Nearest(path, 3)
}
