// Package callbacks is the server's callback engine: it plays WeCom's side
// of 接收消息与事件. It encrypts messages and events for an app, the
// contact-sync assistant or a suite, posts them with WeCom's timeout and
// retries, keeps the deliveries journal that tests wait on, runs the admin
// console's URL verification when a receiver is configured, makes up member
// activity and change_contact events, and grades a receiver (the probe).
//
// The engine knows the store (receivers, the world, the virtual clock) and
// the control API's wire types (package mockctl); it knows nothing of the
// server that calls it. Its refusals are *Refusal values or the store's
// errors, which the server turns into its own answers.
package callbacks
