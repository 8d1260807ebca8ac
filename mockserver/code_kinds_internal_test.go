package mockserver

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The exported code kinds are the ones the store mints.
func TestCodeKindsAreTheStores(t *testing.T) {
	t.Parallel()
	for exported, kind := range map[string]store.CodeKind{
		CodeMiniProgram: store.MiniProgramCode,
		CodeOAuth:       store.OAuthCode,
		CodeQRCode:      store.QRCode,
	} {
		if exported != string(kind) {
			t.Errorf("exported code kind %q, the store's %q", exported, kind)
		}
	}
}
