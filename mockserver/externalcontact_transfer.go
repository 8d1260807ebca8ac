package mockserver

func (s *Server) transferControlRoutes(handle func(string, controlFunc, ...string)) {}
