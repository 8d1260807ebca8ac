package agent

import (
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// A menu's limits (https://developer.work.weixin.qq.com/document/path/90231):
// 1 to 3 top-level buttons, 1 to 5 sub-buttons under one, names of at most
// 16 bytes (top) and 40 bytes (sub), keys of 128 bytes, URLs of 1024.
const (
	topButtonsMax = 3
	subButtonsMax = 5
	topNameMax    = 16
	subNameMax    = 40
	keyMax        = 128
	urlMax        = 1024
)

// buttonTypes are the button types, true for those that send the key in
// an event (click and the scan, photo and location buttons).
var buttonTypes = map[string]bool{
	"click": true, "scancode_push": true, "scancode_waitmsg": true,
	"pic_sysphoto": true, "pic_photo_or_album": true, "pic_weixin": true, "location_select": true,
	"view": false, "view_miniprogram": false,
}

// levelCodes are the errcodes of one level of buttons.
type levelCodes struct {
	typ, name, key, url errcode.Code
	nameMax             int
}

var (
	topCodes = levelCodes{errcode.InvalidButtonType, errcode.InvalidButtonNameSize, errcode.InvalidButtonKeySize, errcode.InvalidButtonURLSize, topNameMax}
	subCodes = levelCodes{errcode.InvalidSubButtonType, errcode.InvalidSubButtonNameSize, errcode.InvalidSubButtonKeySize, errcode.InvalidSubButtonURLSize, subNameMax}
)

// checkMenu checks menu/create's buttons in order: their count (40016),
// then each top-level button's name (40018) and either its sub-buttons
// (count 40023, then each one's type 40024, name 40025, key 40026, url
// 40027) or its own type (40017), key (40019) and url (40020). A
// view_miniprogram button needs an appid bound to the corp and a pagepath
// (40058). bound reports whether a mini program is the corp's.
func checkMenu(buttons []menuButton, bound func(appID string) bool) error {
	if len(buttons) == 0 || len(buttons) > topButtonsMax {
		return kernel.Err(errcode.InvalidButtonSize)
	}
	for _, b := range buttons {
		if b.Name == "" || len(b.Name) > topNameMax {
			return kernel.Err(errcode.InvalidButtonNameSize)
		}
		if b.SubButton == nil {
			if err := checkButton(b, topCodes, bound); err != nil {
				return err
			}
			continue
		}
		if len(b.SubButton) == 0 || len(b.SubButton) > subButtonsMax {
			return kernel.Err(errcode.InvalidSubButtonSize)
		}
		for _, sb := range b.SubButton {
			if sb.SubButton != nil {
				return kernel.Err(errcode.InvalidSubButtonType) // menus have two levels only
			}
			if err := checkButton(sb, subCodes, bound); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkButton checks a button that acts: its type, name, and the field its
// type needs.
func checkButton(b menuButton, codes levelCodes, bound func(string) bool) error {
	sendsKey, known := buttonTypes[b.Type]
	if !known {
		return kernel.Err(codes.typ)
	}
	if b.Name == "" || len(b.Name) > codes.nameMax {
		return kernel.Err(codes.name)
	}
	if len(b.Key) > keyMax || sendsKey && b.Key == "" {
		return kernel.Err(codes.key)
	}
	if len(b.URL) > urlMax || b.Type == "view" && b.URL == "" {
		return kernel.Err(codes.url)
	}
	if b.Type == "view_miniprogram" && (b.AppID == "" || b.PagePath == "" || !bound(b.AppID)) {
		return kernel.Err(errcode.InvalidParameter)
	}
	return nil
}
