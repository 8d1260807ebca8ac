package mockserver

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/externalcontact"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// contactWayQRRoutes mounts the QR images of the contact ways, the URLs
// their qr_code names. Unlike the pages they answer on the API host too:
// add_contact_way builds qr_code from the host it was called at, which
// under interception is WeCom's API host.
func (s *Server) contactWayQRRoutes(r *mux.Router) {
	r.Path(externalcontact.ContactWayQRRoute).Methods(http.MethodGet, http.MethodHead).HandlerFunc(s.contactWayQRImage)
	r.Path(contactWayPageRoute).Methods(http.MethodGet, http.MethodHead).HandlerFunc(s.contactWayPage)
	r.Path(contactWayPageRoute).Methods(http.MethodPost).HandlerFunc(s.contactWayAdd)
}

// contactWayPageRoute is the page a contact way's QR code encodes
// (externalcontact.ContactWayPath).
const contactWayPageRoute = "/wwmock/contact_way/{corpid}/{config_id}"

// contactWayFormBytes bounds the page's form: a name and a userid.
const contactWayFormBytes = 16 << 10

// defaultCustomerName is the page's customer when no name is typed.
const defaultCustomerName = "微信用户"

// contactWayView is the contact way page's data.
type contactWayView struct {
	pages.Page
	store.ContactWayCard
	Action         string
	CustomerName   string
	Gone           string // why the QR code no longer works
	Refused        string // why the last add failed
	Added          *store.ContactWayMember
	ExternalUserID string
	corpID         string
}

// contactWayPage is GET /wwmock/contact_way/{corpid}/{config_id}: what a
// WeChat user sees on scanning the way's QR code — the members they may
// add, and a name to add them as.
func (s *Server) contactWayPage(w http.ResponseWriter, r *http.Request) {
	view, status := s.contactWayView(r)
	view.CustomerName = defaultCustomerName
	s.renderPage(w, status, "contact_way.html", view)
}

// contactWayAdd is the page's form: the WeChat user adds the member they
// picked, as POST /_mock/externalcontact/add with the way's config_id
// does, and the apps get add_external_contact with the way's state.
func (s *Server) contactWayAdd(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, contactWayFormBytes)
	view, status := s.contactWayView(r)
	if view.Gone != "" {
		s.renderPage(w, status, "contact_way.html", view)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" {
		name = defaultCustomerName
	}
	view.CustomerName = name
	userID := r.PostFormValue("userid")
	i := slices.IndexFunc(view.Members, func(m store.ContactWayMember) bool { return m.UserID == userID })
	if i < 0 {
		view.Refused = "请选择要添加的成员 · Pick a member of this contact way"
		s.renderPage(w, http.StatusBadRequest, "contact_way.html", view)
		return
	}
	added, err := s.AddExternalContact(ExternalContactAdd{
		CorpID: view.corpID, UserID: userID, ConfigID: view.ConfigID,
		Customer: &fixtures.Customer{Name: name, Type: fixtures.CustomerWeChat},
	})
	if err != nil {
		status = http.StatusInternalServerError
		var me *Error
		if errors.As(err, &me) {
			status = me.Status
		}
		view.Refused = err.Error()
		s.renderPage(w, status, "contact_way.html", view)
		return
	}
	view.Added, view.ExternalUserID = &view.Members[i], added.ExternalUserID
	s.renderPage(w, http.StatusOK, "contact_way.html", view)
}

// contactWayView loads the way the request names; Gone (with 404 or 410)
// when its QR code does not work.
func (s *Server) contactWayView(r *http.Request) (contactWayView, int) {
	v := mux.Vars(r)
	view := contactWayView{Page: pages.Page{Title: "联系我", Phone: true}, Action: r.URL.Path}
	card, err := s.store.ContactWayCard(v["corpid"], v["config_id"])
	switch {
	case errors.Is(err, store.ErrContactWayExpired), errors.Is(err, store.ErrContactWayUsed):
		view.Gone = plainWords(err)
		return view, http.StatusGone
	case err != nil:
		view.Gone = "没有这个联系我二维码 · No such contact way QR code"
		return view, http.StatusNotFound
	}
	view.ContactWayCard = card
	view.corpID = v["corpid"]
	return view, http.StatusOK
}

// contactWayQRImage is GET /wwmock/contact_way/{corpid}/{config_id}/qrcode:
// an SVG QR code encoding the contact way's URL on the mock; 404 for a way
// that does not exist (or no longer does) or has no QR code.
func (s *Server) contactWayQRImage(w http.ResponseWriter, r *http.Request) {
	v := mux.Vars(r)
	corpID, configID := v["corpid"], v["config_id"]
	if !s.store.HasQRContactWay(corpID, configID) {
		notFound(w, r)
		return
	}
	pages.ServeQRCode(w, pages.BaseURL(r)+externalcontact.ContactWayPath(corpID, configID), 0)
}
