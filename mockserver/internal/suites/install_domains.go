package suites

import "github.com/wecom-mock/wecom-mock/fixtures"

// loopbackDomains are where a suite without trusted_domains may send its
// installs: the developer's own machine, any port.
var loopbackDomains = []string{"localhost", "127.0.0.1"}

// installDomains are the hosts the install page may redirect to with an
// auth_code: the suite's trusted_domains, standing in for its 授权完成回调域名
// (https://developer.work.weixin.qq.com/document/path/90597: the
// redirect_uri must be under the domain set for the suite), or loopback
// only. Anything else would make the page an open redirect carrying the
// auth_code to whoever wrote the link.
func installDomains(su fixtures.Suite) []string {
	if len(su.TrustedDomains) > 0 {
		return su.TrustedDomains
	}
	return loopbackDomains
}
