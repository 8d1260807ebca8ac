package store

// Mass messages to customers and customer groups (企业群发)
// (https://developer.work.weixin.qq.com/document/path/92135).

// groupMsgTable holds the mass messages created through add_msg_template.
type groupMsgTable struct{}

func newGroupMsgTable() groupMsgTable { return groupMsgTable{} }
