package kernel

import "github.com/wecom-mock/wecom-mock/client/errcode"

// CheckGrantType refuses a code2Session whose grant_type is not the fixed
// authorization_code the docs require
// (https://developer.work.weixin.qq.com/document/path/91507 and 92423).
// WeCom does not document the answer; the mock gives 40002 invalid
// grant_type, the global code of a bad grant type.
func CheckGrantType(c *Call) error {
	if c.Query.Get("grant_type") != "authorization_code" {
		return Err(errcode.InvalidGrantType)
	}
	return nil
}
