// Package externalcontact is the family of the 客户联系 (external contact)
// APIs: customers and their follow-users, the corp's customer tags, 联系我
// contact ways, customer groups, welcome messages, mass messages and
// transfers (https://developer.work.weixin.qq.com/document/path/92109).
//
// The world and its rules live in the store; the handlers here read and
// check the JSON of each API and shape its answer. Changes that WeCom
// reports to apps hand a store.ExternalEvent to the server's Publish,
// which delivers it through the callback engine.
package externalcontact
