package msgbody

import (
	"slices"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// The parts template cards are built of, and their rules.

// typeOf reads a part's "type": absent is 0, anything but one of allowed
// (or not a number) is refused.
func typeOf(path string, f kernel.IntField, allowed ...int64) (int64, error) {
	t := f.Int(0)
	if f.Set && !f.OK || !slices.Contains(allowed, t) {
		return 0, invalid(path+".type", "invalid value")
	}
	return t, nil
}

// source: desc_color is 0 to 3.
type source struct {
	DescColor kernel.IntField `json:"desc_color"`
}

func (s *source) check(path string) error {
	if s == nil {
		return nil
	}
	c := s.DescColor.Int(0)
	if s.DescColor.Set && !s.DescColor.OK || c < 0 || c > 3 {
		return invalid(path+".desc_color", "invalid value")
	}
	return nil
}

// link is a jump of type 1 (url) or 2 (mini program: appid, pagepath); 0
// is no jump where allowed. card_action and quote_area are links.
type link struct {
	Type     kernel.IntField `json:"type"`
	URL      string          `json:"url"`
	AppID    string          `json:"appid"`
	PagePath string          `json:"pagepath"`
}

func (l *link) check(path string, types ...int64) error {
	t, err := typeOf(path, l.Type, types...)
	if err != nil {
		return err
	}
	return checkTarget(path, t, l.URL, l.AppID)
}

// checkTarget: type 1 needs its url, type 2 its appid.
func checkTarget(path string, t int64, url, appID string) error {
	switch {
	case t == 1 && url == "":
		return missing(path + ".url")
	case t == 2 && appID == "":
		return missing(path + ".appid")
	}
	return nil
}

// keyed is an action of action_menu or a submit button: a text and a key.
type keyed struct {
	Text string `json:"text"`
	Key  string `json:"key"`
}

// checkKeyed: each has a text and a distinct key of at most 1024 bytes.
func checkKeyed(path string, list []keyed, textName string) error {
	keys := unique{}
	for i, k := range list {
		p := at(path, i)
		if err := checkFields(
			field{path: p + "." + textName, value: k.Text, ifMissing: missing(p + "." + textName)},
			field{path: p + ".key", value: k.Key, ifMissing: missing(p + ".key"), maxBytes: maxKeyBytes},
		); err != nil {
			return err
		}
		if err := keys.add(p+".key", k.Key); err != nil {
			return err
		}
	}
	return nil
}

// checkSubmit: the submit button is required, with a text and a key.
func checkSubmit(path string, b *keyed) error {
	if b == nil {
		return missing(path)
	}
	return checkFields(
		field{path: path + ".text", value: b.Text, ifMissing: missing(path + ".text")},
		field{path: path + ".key", value: b.Key, ifMissing: missing(path + ".key"), maxBytes: maxKeyBytes},
	)
}

// horizontalContent is a line of horizontal_content_list: type 1 links a
// url, 2 a file (media_id), 3 a member (userid).
type horizontalContent struct {
	Type    kernel.IntField `json:"type"`
	KeyName string          `json:"keyname"`
	URL     string          `json:"url"`
	MediaID string          `json:"media_id"`
	UserID  string          `json:"userid"`
}

func checkHorizontal(path string, list []horizontalContent, media MediaExists) error {
	if err := checkCount(path, len(list), 0, maxHorizontal); err != nil {
		return err
	}
	for i, h := range list {
		p := at(path, i)
		if h.KeyName == "" {
			return missing(p + ".keyname")
		}
		t, err := typeOf(p, h.Type, 0, 1, 2, 3)
		if err != nil {
			return err
		}
		switch {
		case t == 1 && h.URL == "":
			return missing(p + ".url")
		case t == 2:
			if err := checkMediaID(h.MediaID, media); err != nil {
				return err
			}
		case t == 3 && h.UserID == "":
			return missing(p + ".userid")
		}
	}
	return nil
}

// jump is a line of jump_list: a title and a link (type 1 url, 2 appid).
type jump struct {
	Type  kernel.IntField `json:"type"`
	Title string          `json:"title"`
	URL   string          `json:"url"`
	AppID string          `json:"appid"`
}

func checkJumps(path string, list []jump) error {
	if err := checkCount(path, len(list), 0, maxJumps); err != nil {
		return err
	}
	for i, j := range list {
		p := at(path, i)
		if j.Title == "" {
			return missing(p + ".title")
		}
		t, err := typeOf(p, j.Type, 0, 1, 2)
		if err != nil {
			return err
		}
		if err := checkTarget(p, t, j.URL, j.AppID); err != nil {
			return err
		}
	}
	return nil
}

// cardImage is news_notice's picture: a url and a width/height ratio of
// 1.3 to 2.25.
type cardImage struct {
	URL         string   `json:"url"`
	AspectRatio *float64 `json:"aspect_ratio"`
}

func (c *cardImage) check(path string) error {
	switch {
	case c == nil:
		return nil
	case c.URL == "":
		return missing(path + ".url")
	case c.AspectRatio != nil && (*c.AspectRatio < minAspectRatio || *c.AspectRatio > maxAspectRatio):
		return invalid(path+".aspect_ratio", "out of range [%g, %g]", minAspectRatio, maxAspectRatio)
	}
	return nil
}

// imageTextArea is news_notice's picture with text: an image_url and a
// link (type 1 url, 2 appid).
type imageTextArea struct {
	Type     kernel.IntField `json:"type"`
	URL      string          `json:"url"`
	AppID    string          `json:"appid"`
	ImageURL string          `json:"image_url"`
}

func (a *imageTextArea) check(path string) error {
	if a == nil {
		return nil
	}
	if a.ImageURL == "" {
		return missing(path + ".image_url")
	}
	t, err := typeOf(path, a.Type, 0, 1, 2)
	if err != nil {
		return err
	}
	return checkTarget(path, t, a.URL, a.AppID)
}

// button is a button of button_interaction: type 0 calls back with its key,
// type 1 opens its url.
type button struct {
	Type kernel.IntField `json:"type"`
	Text string          `json:"text"`
	Key  string          `json:"key"`
	URL  string          `json:"url"`
}

// checkButtons: 1 to 6 buttons, each with a text; callback buttons have
// distinct keys of at most 1024 bytes, url buttons a url.
func checkButtons(path string, list []button) error {
	if err := checkCount(path, len(list), 1, maxButtons); err != nil {
		return err
	}
	keys := unique{}
	for i, b := range list {
		p := at(path, i)
		t, err := typeOf(p, b.Type, 0, 1)
		if err != nil {
			return err
		}
		if b.Text == "" {
			return missing(p + ".text")
		}
		if t == 1 {
			if b.URL == "" {
				return missing(p + ".url")
			}
			continue
		}
		if err := checkFields(field{path: p + ".key", value: b.Key, ifMissing: missing(p + ".key"), maxBytes: maxKeyBytes}); err != nil {
			return err
		}
		if err := keys.add(p+".key", b.Key); err != nil {
			return err
		}
	}
	return nil
}

// selection is a question with options: button_selection, checkbox (with
// its mode, 0 single or 1 multiple choice) and each of select_list.
type selection struct {
	QuestionKey string          `json:"question_key"`
	Mode        kernel.IntField `json:"mode"`
	OptionList  []struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	} `json:"option_list"`
}

// check: a question_key of at most 1024 bytes, 1 to maxOptions options,
// each with a distinct id of at most 128 bytes and a text.
func (s *selection) check(path string, maxOptions int) error {
	if err := checkFields(field{path: path + ".question_key", value: s.QuestionKey,
		ifMissing: missing(path + ".question_key"), maxBytes: maxKeyBytes}); err != nil {
		return err
	}
	if m := s.Mode.Int(0); s.Mode.Set && !s.Mode.OK || m != 0 && m != 1 {
		return invalid(path+".mode", "invalid value")
	}
	options := path + ".option_list"
	if err := checkCount(options, len(s.OptionList), 1, maxOptions); err != nil {
		return err
	}
	ids := unique{}
	for i, o := range s.OptionList {
		p := at(options, i)
		if err := checkFields(
			field{path: p + ".id", value: o.ID, ifMissing: missing(p + ".id"), maxBytes: maxOptionIDBytes},
			field{path: p + ".text", value: o.Text, ifMissing: missing(p + ".text")},
		); err != nil {
			return err
		}
		if err := ids.add(p+".id", o.ID); err != nil {
			return err
		}
	}
	return nil
}
