package agent_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

type button = map[string]any

// fullMenu has every button type: 3 top-level buttons, the last two with
// sub-buttons.
func fullMenu() []button {
	return []button{
		{"type": "click", "name": "今日歌曲", "key": "V1001_TODAY_MUSIC"},
		{"name": "扫码拍照", "sub_button": []button{
			{"type": "scancode_push", "name": "扫码推事件", "key": "rselfmenu_0_1"},
			{"type": "scancode_waitmsg", "name": "扫码带提示", "key": "rselfmenu_0_0"},
			{"type": "pic_sysphoto", "name": "系统拍照发图", "key": "rselfmenu_1_0"},
			{"type": "pic_photo_or_album", "name": "拍照或者相册发图", "key": "rselfmenu_1_1"},
			{"type": "pic_weixin", "name": "微信相册发图", "key": "rselfmenu_1_2"},
		}},
		{"name": "更多", "sub_button": []button{
			{"type": "location_select", "name": "发送位置", "key": "rselfmenu_2_0"},
			{"type": "view", "name": "搜索", "url": "https://work.weixin.qq.com/"},
			{"type": "view_miniprogram", "name": "小程序", "appid": "wxmockminiprogram1", "pagepath": "pages/lunar/index"},
		}},
	}
}

func menuURL(srv *mockserver.Server, path, tok string) string {
	return testkit.URL(srv, path, "access_token", tok, "agentid", agentID)
}

// menu/get gives the menu back as created; menu/delete removes it (46003
// after), and deleting again still succeeds.
func TestMenuLifecycle(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	testkit.GetWeComError(t, menuURL(srv, "/cgi-bin/menu/get", tok), errcode.MenuNotExist)
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/menu/create", map[string]any{"button": fullMenu()}, "agentid", agentID))
	got := testkit.GetOK(t, menuURL(srv, "/cgi-bin/menu/get", tok))
	want, _ := json.Marshal(fullMenu())
	have, _ := json.Marshal(got["button"])
	if string(want) != string(have) {
		t.Errorf("menu/get:\n got %s\nwant %s", have, want)
	}
	// A second create replaces the menu.
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/menu/create", map[string]any{"button": []button{{"type": "click", "name": "唯一", "key": "ONLY"}}}, "agentid", agentID))
	if b := testkit.As[[]any](t, testkit.GetOK(t, menuURL(srv, "/cgi-bin/menu/get", tok))["button"]); len(b) != 1 {
		t.Errorf("after the second create: %v", b)
	}
	testkit.GetOK(t, menuURL(srv, "/cgi-bin/menu/delete", tok))
	testkit.GetWeComError(t, menuURL(srv, "/cgi-bin/menu/get", tok), errcode.MenuNotExist)
	testkit.GetOK(t, menuURL(srv, "/cgi-bin/menu/delete", tok))
}

// Menus are the app's own and live until Reset.
func TestMenuPerAppUntilReset(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok, dk := testkit.AppToken(t, srv), dkToken(t, srv)
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/menu/create", map[string]any{"button": fullMenu()}, "agentid", agentID))
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/menu/get", "access_token", dk, "agentid", "1000010"), errcode.MenuNotExist)
	srv.Reset()
	testkit.GetWeComError(t, menuURL(srv, "/cgi-bin/menu/get", testkit.AppToken(t, srv)), errcode.MenuNotExist)
}

func TestMenuCreateErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	click := func(name, key string) button { return button{"type": "click", "name": name, "key": key} }
	sub := func(subs ...button) []button { return []button{{"name": "菜单", "sub_button": subs}} }
	five := []button{click("a", "a"), click("b", "b"), click("c", "c"), click("d", "d"), click("e", "e")}
	tests := []struct {
		name    string
		buttons any
		want    errcode.Code
	}{
		{"no buttons", []button{}, errcode.InvalidButtonSize},
		{"four buttons", []button{click("a", "a"), click("b", "b"), click("c", "c"), click("d", "d")}, errcode.InvalidButtonSize},
		{"unknown type", []button{{"type": "media_id", "name": "素材", "key": "k"}}, errcode.InvalidButtonType},
		{"no type", []button{{"name": "空", "key": "k"}}, errcode.InvalidButtonType},
		{"empty name", []button{click("", "k")}, errcode.InvalidButtonNameSize},
		{"name of 17 bytes", []button{click(strings.Repeat("a", 17), "k")}, errcode.InvalidButtonNameSize},
		{"name of 6 Chinese characters (18 bytes)", []button{click("六个中文字符", "k")}, errcode.InvalidButtonNameSize},
		{"click without key", []button{{"type": "click", "name": "点"}}, errcode.InvalidButtonKeySize},
		{"key of 129 bytes", []button{click("点", strings.Repeat("k", 129))}, errcode.InvalidButtonKeySize},
		{"view without url", []button{{"type": "view", "name": "看"}}, errcode.InvalidButtonURLSize},
		{"url of 1025 bytes", []button{{"type": "view", "name": "看", "url": "https://a.example.com/" + strings.Repeat("u", 1025-22)}}, errcode.InvalidButtonURLSize},
		{"six sub-buttons", sub(append(five, click("f", "f"))...), errcode.InvalidSubButtonSize},
		{"empty sub_button", []button{{"name": "菜单", "sub_button": []button{}}}, errcode.InvalidSubButtonSize},
		{"sub-button of an unknown type", sub(button{"type": "news", "name": "新闻"}), errcode.InvalidSubButtonType},
		{"a third level", sub(button{"name": "子", "sub_button": []button{click("a", "a")}}), errcode.InvalidSubButtonType},
		{"sub name of 41 bytes", sub(click(strings.Repeat("n", 41), "k")), errcode.InvalidSubButtonNameSize},
		{"sub without key", sub(button{"type": "pic_weixin", "name": "图"}), errcode.InvalidSubButtonKeySize},
		{"sub key of 129 bytes", sub(click("点", strings.Repeat("k", 129))), errcode.InvalidSubButtonKeySize},
		{"sub view without url", sub(button{"type": "view", "name": "看"}), errcode.InvalidSubButtonURLSize},
		{"sub url of 1025 bytes", sub(button{"type": "view", "name": "看", "url": strings.Repeat("u", 1025)}), errcode.InvalidSubButtonURLSize},
		{"mini program without appid", []button{{"type": "view_miniprogram", "name": "小", "pagepath": "pages/index"}}, errcode.InvalidParameter},
		{"mini program without pagepath", []button{{"type": "view_miniprogram", "name": "小", "appid": "wxmockminiprogram1"}}, errcode.InvalidParameter},
		{"mini program not the corp's", []button{{"type": "view_miniprogram", "name": "小", "appid": "wxnotbound", "pagepath": "p"}}, errcode.InvalidParameter},
		{"button not an array", "click", errcode.InvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/menu/create", map[string]any{"button": tt.buttons}, "agentid", agentID), tt.want)
		})
	}
	t.Run("no button", func(t *testing.T) {
		t.Parallel()
		testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/menu/create", map[string]any{}, "agentid", agentID), errcode.InvalidButtonSize)
	})
	// The limits themselves pass: 16 and 40 bytes, 128-byte keys, 1024-byte
	// URLs, five sub-buttons, and a mini program bound through the 代开发 app.
	ok := []button{
		click(strings.Repeat("a", 16), strings.Repeat("k", 128)),
		{"name": "五个", "sub_button": five},
		{"name": "长", "sub_button": []button{
			{"type": "view", "name": strings.Repeat("n", 40), "url": "https://a.example.com/" + strings.Repeat("u", 1024-22)},
			{"type": "view_miniprogram", "name": "代开发的小程序", "appid": "wxmockdkminiprogram", "pagepath": "pages/index"},
		}},
	}
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/menu/create", map[string]any{"button": ok}, "agentid", agentID))
}

// Every menu API checks the agentid against the token, and bars
// third-party apps; the 代开发 app may keep a menu.
func TestMenuAgentChecks(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	body := map[string]any{"button": fullMenu()}
	third, agent := thirdPartyToken(t, srv)
	for _, path := range []string{"/cgi-bin/menu/create", "/cgi-bin/menu/get", "/cgi-bin/menu/delete"} {
		t.Run(path, func(t *testing.T) {
			send := func(tok string, kv ...string) *testkit.Resp {
				if path == "/cgi-bin/menu/create" {
					return post(t, srv, tok, path, body, kv...)
				}
				return testkit.Get(t, testkit.URL(srv, path, append([]string{"access_token", tok}, kv...)...))
			}
			testkit.WeComError(t, send(tok), errcode.InvalidAgentID)
			testkit.WeComError(t, send(tok, "agentid", "x"), errcode.InvalidAgentID)
			testkit.WeComError(t, send(tok, "agentid", "1000010"), errcode.AnotherAgent)
			testkit.WeComError(t, send(third, "agentid", itoa(agent)), errcode.APIForbidden)
		})
	}
	dk := dkToken(t, srv)
	testkit.OK(t, post(t, srv, dk, "/cgi-bin/menu/create", body, "agentid", "1000010"))
	testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/menu/get", "access_token", dk, "agentid", "1000010"))
}
