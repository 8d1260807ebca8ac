package mockserver

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Visibility is the corp's visibility matrix: for each member, the apps
// whose visible range (users, departments' subtrees, tags) holds them —
// the rule behind every 60011. The dashboard's World page draws it.
func (s *Server) Visibility(corpID string) (mockctl.Visibility, error) {
	if corpID == "" {
		return mockctl.Visibility{}, badRequest(`"corpid" is required`)
	}
	apps, rows, err := s.store.Visibility(corpID)
	if err != nil {
		return mockctl.Visibility{}, storeError(err, subject{terms: codeTerms, corpID: corpID})
	}
	out := mockctl.Visibility{CorpID: corpID, Apps: apps, Members: make([]mockctl.MemberVisibility, len(rows))}
	for i, r := range rows {
		out.Members[i] = mockctl.MemberVisibility{UserID: r.UserID, Name: r.Name, Visible: r.Apps}
	}
	return out, nil
}

func (s *Server) ctlVisibility(r *http.Request) (any, error) {
	return controlAnswer(s.Visibility(r.URL.Query().Get("corpid")))
}
