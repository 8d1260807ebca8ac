package shaped

import (
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// endpoint parses one catalog entry written as in the data files.
func endpoint(t *testing.T, src string) *catalog.Endpoint {
	t.Helper()
	var e catalog.Endpoint
	if err := yaml.Unmarshal([]byte(src), &e); err != nil {
		t.Fatal(err)
	}
	return &e
}

func TestCheck(t *testing.T) {
	e := endpoint(t, `
path: /cgi-bin/x/send
method: POST
name: x
auth: [app]
query:
  - {name: agentid, type: int, required: true}
  - {name: lang, type: string, max: 5}
body:
  - {name: tagname, type: string, required: true, max: 4}
  - {name: tagid, type: int}
  - {name: userlist, type: array, items: string, max: 2}
  - {name: text, type: object}
  - {name: text.content, type: string, required: true}
  - {name: safe, type: bool}
  - {name: attachments, type: array, items: object, max: 1, too_long: 41064}
  - {name: note, type: string, max: 2, too_long: 45002}
`)
	q := func(pairs ...string) Query {
		return func(name string) (string, bool) {
			for i := 0; i+1 < len(pairs); i += 2 {
				if pairs[i] == name {
					return pairs[i+1], true
				}
			}
			return "", false
		}
	}
	ok := q("agentid", "1000002")
	for _, tc := range []struct {
		name  string
		query Query
		body  string
		code  errcode.Code // 0: accepted
		wrong bool
	}{
		{"valid", ok, `{"tagname":"试点组"}`, 0, false},
		{"all optional fields", ok, `{"tagname":"a","tagid":3,"userlist":["a","b"],"text":{"content":"hi"},"safe":true}`, 0, false},
		{"missing query param", q(), `{"tagname":"a"}`, errcode.InvalidParameter, false},
		{"query not an int", q("agentid", "abc"), `{"tagname":"a"}`, errcode.InvalidParameter, false},
		{"query too long", q("agentid", "1", "lang", "zh_CN_x"), `{"tagname":"a"}`, errcode.InvalidParameter, false},
		{"empty body", ok, ``, errcode.InvalidParameter, false},
		{"malformed body", ok, `{"tagname":`, errcode.InvalidParameter, true},
		{"body not an object", ok, `[1]`, errcode.InvalidParameter, true},
		{"required empty string", ok, `{"tagname":""}`, errcode.InvalidParameter, false},
		{"string too long in characters", ok, `{"tagname":"五个汉字啊"}`, errcode.InvalidParameter, false},
		{"four characters fit", ok, `{"tagname":"四个汉字"}`, 0, false},
		{"wrong type", ok, `{"tagname":"a","tagid":"3"}`, errcode.InvalidParameter, false},
		{"fractional int", ok, `{"tagname":"a","tagid":3.5}`, errcode.InvalidParameter, false},
		{"too many items", ok, `{"tagname":"a","userlist":["a","b","c"]}`, errcode.InvalidParameter, false},
		{"wrong item type", ok, `{"tagname":"a","userlist":[1]}`, errcode.InvalidParameter, false},
		{"nested required when parent present", ok, `{"tagname":"a","text":{}}`, errcode.InvalidParameter, false},
		{"parent absent", ok, `{"tagname":"a"}`, 0, false},
		{"null optional", ok, `{"tagname":"a","tagid":null}`, 0, false},
		{"too many items, own errcode", ok, `{"tagname":"a","attachments":[{},{}]}`, errcode.TooManyAttachments, false},
		{"too long, own errcode", ok, `{"tagname":"a","note":"三个字"}`, errcode.ContentTooLong, false},
	} {
		p := Check(e, tc.query, []byte(tc.body))
		switch {
		case tc.code == 0 && p != nil:
			t.Errorf("%s: refused: %v", tc.name, p)
		case tc.code != 0 && p == nil:
			t.Errorf("%s: accepted", tc.name)
		case p != nil && (p.Code != tc.code || p.WrongJSON != tc.wrong):
			t.Errorf("%s: got %+v, want code %d wrongJSON %v", tc.name, p, tc.code, tc.wrong)
		}
	}
}

func TestCheckMissingCode(t *testing.T) {
	e := endpoint(t, `
path: /cgi-bin/x/get
method: GET
name: x
auth: [app]
query:
  - {name: userid, type: string, required: true, missing: 41009}
`)
	p := Check(e, func(string) (string, bool) { return "", false }, nil)
	if p == nil || p.Code != 41009 {
		t.Fatalf("got %+v, want 41009", p)
	}
}
