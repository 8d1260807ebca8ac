// Package corpimport reads a real WeCom corp through the official read APIs
// and turns it into a fixtures world with the same structure — department
// tree, members and their memberships, tags, apps and their visible ranges —
// and none of its personal values: every name, mobile, email, avatar and
// the like is replaced by a seeded fake, every secret by a new mock secret,
// and (unless asked to keep them) userids and department ids are renumbered
// consistently.
//
// It reads with the project's client package, paced by a rate limiter and
// retrying 45009 (over the call frequency limit) with backoff; it never
// calls an API that writes.
package corpimport
