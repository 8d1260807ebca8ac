package kernel

import "testing"

func TestMarshalKeepsHTMLCharacters(t *testing.T) {
	got, err := Marshal(map[string]string{"url": "https://a.example/?x=1&y=<2>"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"url":"https://a.example/?x=1&y=<2>"}`; string(got) != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
}
