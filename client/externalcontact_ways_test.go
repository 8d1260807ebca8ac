package client_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

const (
	contactWay1 = "cwmockconfig0001" // 官网渠道, zhangsan, state channel_a
	addWayURL   = "/cgi-bin/externalcontact/add_contact_way"
	getWayURL   = "/cgi-bin/externalcontact/get_contact_way"
)

func TestAddAndGetContactWay(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	tests := []struct {
		name string
		way  client.ContactWay
	}{
		{"a QR code for one member, verified", client.ContactWay{Type: client.ContactWaySingle, Scene: client.ContactWaySceneQRCode,
			Remark: "地铁广告", State: "metro", User: []string{"zhangsan"}}},
		{"a mini-program button for a department", client.ContactWay{Type: client.ContactWayMulti, Scene: client.ContactWaySceneMiniProgram,
			Style: 2, SkipVerify: true, User: []string{"lisi"}, Party: []int{2}, IsExclusive: true, MarkSource: true}},
		{"a temporary session with conclusions", client.ContactWay{Type: client.ContactWaySingle, Scene: client.ContactWaySceneQRCode,
			SkipVerify: true, User: []string{"zhangsan"}, IsTemp: true, ExpiresIn: 3600, ChatExpiresIn: 86400, UnionID: "oUnion1",
			Conclusions: &client.Conclusions{Text: &client.ConclusionText{Content: "感谢咨询"},
				Link: &client.AttachmentLink{Title: "官网", URL: "https://example.com/"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			created, err := c.AddContactWay(ctx, tt.way)
			if err != nil {
				t.Fatal(err)
			}
			if created.ConfigID == "" || (tt.way.Scene == client.ContactWaySceneQRCode) != (created.QRCode != "") {
				t.Fatalf("AddContactWay = %+v", created)
			}
			got, err := c.GetContactWay(ctx, created.ConfigID)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.way
			want.ConfigID, want.QRCode = created.ConfigID, created.QRCode
			if want.Party == nil {
				want.Party = []int{}
			}
			if !reflect.DeepEqual(got, &want) {
				t.Errorf("GetContactWay =\n%+v\nwant\n%+v", got, &want)
			}
		})
	}

	// The world's way; a customer who scans it carries its state.
	w, err := c.GetContactWay(ctx, contactWay1)
	if err != nil || w.State != "channel_a" || w.Remark != "官网渠道" || !w.SkipVerify || w.QRCode == "" {
		t.Fatalf("the world's way: %+v, %v", w, err)
	}
	if _, err := srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: corpID, UserID: "zhangsan",
		ExternalUserID: customer1, ConfigID: contactWay1}); err == nil {
		t.Error("a customer zhangsan already follows added him again")
	}
	if _, err := srv.AddExternalContact(mockserver.ExternalContactAdd{CorpID: corpID, UserID: "zhangsan",
		ExternalUserID: customer1 + "x", ConfigID: contactWay1}); err == nil {
		t.Error("an unknown customer scanned the way")
	}
}

func TestContactWayErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := newClient(t, srv, ecSecret)
	ctx := context.Background()
	one := func(edit func(w *client.ContactWay)) client.ContactWay {
		w := client.ContactWay{Type: client.ContactWaySingle, Scene: client.ContactWaySceneQRCode, User: []string{"zhangsan"}}
		edit(&w)
		return w
	}
	for _, tt := range []struct {
		name string
		way  client.ContactWay
		code errcode.Code
	}{
		{"type 3", one(func(w *client.ContactWay) { w.Type = 3 }), errcode.InvalidContactWayType},
		{"scene 3", one(func(w *client.ContactWay) { w.Scene = 3 }), errcode.InvalidContactWayScene},
		{"two members on a single way", one(func(w *client.ContactWay) { w.User = []string{"zhangsan", "lisi"} }), errcode.ContactWayTooManyUsers},
		{"a member without 客户联系", one(func(w *client.ContactWay) { w.User = []string{"zhouqi"} }), errcode.NoExternalContactPrivilege},
	} {
		t.Run(tt.name, func(t *testing.T) {
			created, err := c.AddContactWay(ctx, tt.way)
			if created != nil {
				t.Errorf("a way came back with an error: %+v", created)
			}
			wantAPIError(t, err, tt.code, addWayURL)
		})
	}
	_, err := c.GetContactWay(ctx, "nosuchway")
	wantAPIError(t, err, errcode.InvalidConfigID, getWayURL)
	_, err = c.GetContactWay(ctx, "")
	wantAPIError(t, err, errcode.ConfigIDMissing, getWayURL)
}
