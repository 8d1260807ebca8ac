package mockserver

// WithMaxFixturesSize sets the size limit in bytes of the worlds PUT
// /_mock/fixtures accepts (default fixtures.DefaultMaxSize); a larger body
// is answered 413 before it is parsed. wecom-mock serve sets it from
// --max-fixtures-size.
func WithMaxFixturesSize(n int64) Option { return func(c *config) { c.maxFixtureLen = n } }
