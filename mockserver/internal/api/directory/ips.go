package directory

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// The IP lists are fixed: addresses and ranges in the networks WeCom's
// servers answer from (Tencent's, in Shanghai, Shenzhen, Guangzhou and
// Tianjin), the shapes the real lists have — callback sources as single
// addresses and CIDR blocks, the API host's resolved addresses as single
// addresses. They are plausible, not WeCom's current lists: a firewall
// rule tested against them proves its parsing, not its coverage.

// callbackIPList is getcallbackip's ip_list: where WeCom's callbacks come
// from (https://developer.work.weixin.qq.com/document/path/92521).
var callbackIPList = []string{
	"101.226.62.0/26", "101.226.103.0/25", "101.226.129.128/25", "101.227.139.0/25",
	"14.17.22.0/26", "14.18.245.128/26", "14.215.158.0/25", "58.251.80.0/25",
	"58.251.117.0/25", "58.251.139.0/26", "59.36.119.0/25", "59.37.96.0/26",
	"101.89.15.0/26", "109.244.129.0/25", "113.96.233.0/25", "116.128.163.0/25",
	"120.232.65.0/26", "121.51.130.0/25", "121.51.140.0/26", "140.207.54.0/26",
	"157.255.192.0/26", "180.163.25.0/25", "182.254.11.176", "182.254.78.66",
	"183.3.234.0/26", "183.192.202.0/26", "203.205.219.128/26", "223.166.222.0/26",
}

// apiDomainIPList is get_api_domain_ip's ip_list: what qyapi.weixin.qq.com
// resolves to (https://developer.work.weixin.qq.com/document/path/92520).
var apiDomainIPList = []string{
	"101.226.90.149", "101.226.141.58", "101.227.162.120", "101.91.37.20",
	"14.18.180.122", "14.22.6.143", "58.246.163.58", "58.251.80.32",
	"59.36.121.176", "59.37.97.114", "109.244.173.45", "113.96.202.102",
	"116.128.170.212", "120.232.31.84", "121.51.66.25", "121.51.162.97",
	"140.207.189.39", "157.148.46.23", "180.163.21.83", "182.254.11.176",
	"182.254.78.66", "183.3.226.35", "183.47.98.18", "223.167.104.147",
}

type ipListResponse struct {
	IPList []string `json:"ip_list"`
}

// ipListErrorFields is the empty list the IP APIs' error bodies keep, as
// the docs' example of an expired token shows.
var ipListErrorFields = ipListResponse{IPList: []string{}}

// callbackIPs is GET /cgi-bin/getcallbackip: any valid access_token.
func (a *API) callbackIPs(*http.Request, *kernel.Call) (any, error) {
	return ipListResponse{IPList: callbackIPList}, nil
}

// apiDomainIPs is GET /cgi-bin/get_api_domain_ip: any valid access_token.
func (a *API) apiDomainIPs(*http.Request, *kernel.Call) (any, error) {
	return ipListResponse{IPList: apiDomainIPList}, nil
}
