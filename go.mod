module github.com/wecom-mock/wecom-mock

go 1.25.0

require (
	github.com/brianvoe/gofakeit/v6 v6.28.0
	github.com/gorilla/mux v1.8.1
	go.uber.org/goleak v1.3.0
	golang.org/x/sync v0.22.0
	gopkg.in/yaml.v3 v3.0.1
	rsc.io/qr v0.2.0
)

require github.com/kr/text v0.2.0 // indirect
