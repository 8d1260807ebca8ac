package agent

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// menuButton is one button of menu/create's body and menu/get's answer
// (https://developer.work.weixin.qq.com/document/path/90231). Empty fields
// are left out of the answer, as WeCom gives back what was created.
type menuButton struct {
	Type      string       `json:"type,omitempty"`
	Name      string       `json:"name"`
	Key       string       `json:"key,omitempty"`
	URL       string       `json:"url,omitempty"`
	AppID     string       `json:"appid,omitempty"`
	PagePath  string       `json:"pagepath,omitempty"`
	SubButton []menuButton `json:"sub_button,omitempty"`
}

type menuBody struct {
	Button []menuButton `json:"button"`
}

// menuAPIs checks what every menu API checks first: the app (48002 for a
// third-party one, which the docs bar) and the agentid of the query (40056,
// 301002 for another app).
func (a *API) menuAPIs(c *kernel.Call) error {
	if err := a.refuseKinds(c, store.AgentThirdParty); err != nil {
		return err
	}
	return ownAgent(c.Query.Get("agentid"), c)
}

// createMenu is POST /cgi-bin/menu/create?agentid=: after menuAPIs, the
// JSON (40058) and the buttons (see checkMenu); it replaces the app's menu.
func (a *API) createMenu(r *http.Request, c *kernel.Call) (any, error) {
	if err := a.menuAPIs(c); err != nil {
		return nil, err
	}
	var req menuBody
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := checkMenu(req.Button, func(appID string) bool {
		return a.env.Store.CorpHasMiniProgram(c.Token.CorpID, appID)
	}); err != nil {
		return nil, err
	}
	if err := a.env.Store.SetMenu(c.Token.CorpID, c.Token.AgentID, toStore(req.Button)); err != nil {
		return nil, kernel.StoreError(err)
	}
	return nil, nil
}

// getMenu is GET /cgi-bin/menu/get?agentid=: the menu as created, 46003
// for an app without one.
func (a *API) getMenu(_ *http.Request, c *kernel.Call) (any, error) {
	if err := a.menuAPIs(c); err != nil {
		return nil, err
	}
	m, err := a.env.Store.AppMenu(c.Token.CorpID, c.Token.AgentID)
	switch {
	case errors.Is(err, store.ErrMenuNotFound):
		return nil, kernel.Err(errcode.MenuNotExist)
	case err != nil:
		return nil, kernel.StoreError(err)
	}
	return menuBody{Button: fromStore(m.Buttons)}, nil
}

// deleteMenu is GET /cgi-bin/menu/delete?agentid=: removes the app's menu;
// an app without one succeeds too.
func (a *API) deleteMenu(_ *http.Request, c *kernel.Call) (any, error) {
	if err := a.menuAPIs(c); err != nil {
		return nil, err
	}
	if err := a.env.Store.DeleteMenu(c.Token.CorpID, c.Token.AgentID); err != nil {
		return nil, kernel.StoreError(err)
	}
	return nil, nil
}

func toStore(bs []menuButton) store.Menu {
	var conv func(b menuButton) store.MenuButton
	conv = func(b menuButton) store.MenuButton {
		out := store.MenuButton{Type: b.Type, Name: b.Name, Key: b.Key, URL: b.URL, AppID: b.AppID, PagePath: b.PagePath}
		for _, sb := range b.SubButton {
			out.SubButtons = append(out.SubButtons, conv(sb))
		}
		return out
	}
	m := store.Menu{}
	for _, b := range bs {
		m.Buttons = append(m.Buttons, conv(b))
	}
	return m
}

func fromStore(bs []store.MenuButton) []menuButton {
	out := make([]menuButton, 0, len(bs))
	for _, b := range bs {
		out = append(out, menuButton{
			Type: b.Type, Name: b.Name, Key: b.Key, URL: b.URL, AppID: b.AppID, PagePath: b.PagePath,
			SubButton: fromStoreSubs(b.SubButtons),
		})
	}
	return out
}

func fromStoreSubs(bs []store.MenuButton) []menuButton {
	if len(bs) == 0 {
		return nil
	}
	return fromStore(bs)
}
