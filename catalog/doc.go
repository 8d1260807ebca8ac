// Package catalog is the declarative description of the WeCom (企业微信)
// server API: one entry per endpoint with its path, HTTP method, the
// credentials that may call it, its query and body parameters with their
// types and limits, an example answer whose fields carry the documented types,
// the errcodes specific to it, and the id of its official document
// (https://developer.work.weixin.qq.com/document/path/<id>).
//
// The entries live in data/*.yaml, one file per API family, embedded in the
// binary. The mock server routes, checks and answers every catalogued
// endpoint from them; endpoints with a stateful model in the server answer
// from that model instead. The coverage page docs/api-coverage.md and the
// `wecom-mock endpoints` command are generated from the same data.
//
// The package holds plain data types only, so that anything — the server,
// the CLI, a user's own tooling — can read the catalog.
package catalog
