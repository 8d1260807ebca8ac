package mockserver

func (s *Server) customerTagControlRoutes(handle func(string, controlFunc, ...string)) {}
