package mockserver

func (s *Server) groupChatControlRoutes(handle func(string, controlFunc, ...string)) {}
