module github.com/wecom-mock/wecom-mock

go 1.26.8

require (
	github.com/brianvoe/gofakeit/v6 v6.28.0
	github.com/gorilla/mux v1.8.1
	golang.org/x/sync v0.24.0
	gopkg.in/yaml.v3 v3.0.1
)
