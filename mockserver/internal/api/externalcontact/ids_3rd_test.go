package externalcontact_test

import (
	"fmt"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const pathUnionID3rd = "/cgi-bin/service/externalcontact/unionid_to_external_userid_3rd"

type externalUserIDInfo struct {
	CorpID         string `json:"corpid"`
	ExternalUserID string `json:"external_userid"`
}

// TestUnionIDToExternalUserID3rd: a suite turns a unionid into the
// external_userid of each corp that installed it and whose app reaches the
// customer — the id unionid_to_external_userid gives the install's token
// (https://developer.work.weixin.qq.com/document/path/95878).
func TestUnionIDToExternalUserID3rd(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	call := func(body map[string]string) []externalUserIDInfo {
		t.Helper()
		return testkit.DecodeStrict[struct {
			ErrCode int                  `json:"errcode"`
			ErrMsg  string               `json:"errmsg"`
			Info    []externalUserIDInfo `json:"external_userid_info"`
		}](t, testkit.OKBody(t, testkit.PostSuite(t, srv, pathUnionID3rd, suiteTok, body))).Info
	}

	// Not installed anywhere yet: nothing.
	if got := call(map[string]string{"unionid": unionID1, "openid": "o1"}); len(got) != 0 {
		t.Fatalf("before any install: %v", got)
	}
	tp, _ := thirdParty(t, srv)
	want := testkit.Str(t, testkit.OK(t, testkit.ECPost(t, srv, tp, pathUnionID,
		map[string]string{"unionid": unionID1, "openid": "o1"})), "external_userid")
	for _, body := range []map[string]string{
		{"unionid": unionID1, "openid": "o1"},
		{"unionid": unionID1, "openid": "o1", "corpid": testkit.Corp1},
	} {
		got := call(body)
		if fmt.Sprint(got) != fmt.Sprint([]externalUserIDInfo{{testkit.Corp1, want}}) {
			t.Errorf("%v: %v, want corp 1's %q", body, got, want)
		}
	}
	// Another corp, a unionid of nobody: an empty list.
	for _, body := range []map[string]string{
		{"unionid": unionID1, "openid": "o1", "corpid": testkit.Corp2},
		{"unionid": "oznobody", "openid": "o1"},
	} {
		if got := call(body); len(got) != 0 {
			t.Errorf("%v: %v, want none", body, got)
		}
	}
	// unionid and openid are required.
	testkit.WeComError(t, testkit.PostSuite(t, srv, pathUnionID3rd, suiteTok, map[string]string{"openid": "o1"}), errcode.InvalidParameter)
	testkit.WeComError(t, testkit.PostSuite(t, srv, pathUnionID3rd, suiteTok, map[string]string{"unionid": unionID1}), errcode.InvalidParameter)
}
