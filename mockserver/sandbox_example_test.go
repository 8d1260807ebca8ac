package mockserver_test

import (
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// ExampleServer_NewSandbox gives a worker its own world on a shared
// server: the sandbox's clock moves alone, and an SDK reaches it with the
// sandbox URL as its base URL.
func ExampleServer_NewSandbox() {
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	sb, err := srv.NewSandbox(mockserver.WithFrozenClock())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.DeleteSandbox(sb.ID)
	sb.Server.Advance(2 * time.Hour)

	fmt.Println(strings.HasPrefix(sb.URL(), srv.URL()+"/sandboxes/"))
	fmt.Println(sb.Server.Now().Sub(srv.Now()) > time.Hour)
	fmt.Println(len(srv.Sandboxes().Sandboxes))
	// Output:
	// true
	// true
	// 1
}
