package store

// Customer transfers (在职继承 and 离职继承)
// (https://developer.work.weixin.qq.com/document/path/92125).

// transferTable holds the transfers asked for and their state.
type transferTable struct{}

func newTransferTable() transferTable { return transferTable{} }
