package mockctl_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// postJSON calls a WeCom API of the server and decodes its answer.
func postJSON(t *testing.T, url string, body string, out any) {
	t.Helper()
	resp, err := testHTTP.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

// ecToken is the default world's 客户联系 token.
func ecToken(t *testing.T, srv *mockserver.Server) string {
	t.Helper()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	resp, err := testHTTP.Get(srv.URL() + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-externalcontact-secret")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("gettoken: %+v, %v", tok, err)
	}
	return tok.AccessToken
}

// The client answers transfers for the customer: one refused, one
// accepted at once, and a 404 for a transfer that is not waiting.
func TestTransferClient(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	tok := ecToken(t, srv)
	var started struct {
		ErrCode  int `json:"errcode"`
		Customer []struct {
			ErrCode int `json:"errcode"`
		} `json:"customer"`
	}
	postJSON(t, srv.URL()+"/cgi-bin/externalcontact/transfer_customer?access_token="+tok,
		`{"handover_userid":"zhangsan","takeover_userid":"lisi","external_userid":["wmmockcust0002","wmmockcust0003"]}`, &started)
	if started.ErrCode != 0 || len(started.Customer) != 2 || started.Customer[0].ErrCode != 0 || started.Customer[1].ErrCode != 0 {
		t.Fatalf("transfer_customer: %+v", started)
	}

	req := mockctl.ExternalContactTransfer{CorpID: "wwmockcorp000001", HandoverUserID: "zhangsan", TakeoverUserID: "lisi", ExternalUserID: "wmmockcust0002"}
	refused, err := ctl.RefuseTransfer(ctx, req)
	if err != nil || refused.Status != mockctl.TransferRefused || refused.TakeoverTime != 0 || len(refused.Events) != 1 || refused.Events[0].ChangeType != "transfer_fail" {
		t.Fatalf("refuse: %+v, %v", refused, err)
	}
	req.ExternalUserID = "wmmockcust0003"
	accepted, err := ctl.AcceptTransfer(ctx, req)
	if err != nil || accepted.Status != mockctl.TransferDone || accepted.TakeoverTime != srv.Now().Unix() && accepted.TakeoverTime != srv.Now().Unix()-1 || len(accepted.Events) != 2 {
		t.Fatalf("accept: %+v, %v", accepted, err)
	}
	_, err = ctl.AcceptTransfer(ctx, req)
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
		t.Errorf("accepting twice: %v, want a 404", err)
	}
}
