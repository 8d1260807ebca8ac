package shaped_test

// batch/userid_to_openuserid takes a 代开发 or third-party app's token
// (https://developer.work.weixin.qq.com/document/path/95603); the catalog's
// first credential is the self-built app's. openuserid_to_userid's example
// (wwopen-zhangsan from agent 1000010) and corpid_to_opencorpid's (corp 1,
// where the provider's 代开发 template is installed) work as they stand.
func init() {
	conformanceFixes["/cgi-bin/batch/userid_to_openuserid"] = asDKApp
}
