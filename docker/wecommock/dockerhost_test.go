package wecommock_test

import (
	"context"
	"net"
	"net/netip"
	"os"
	"time"

	dockerclient "github.com/moby/moby/client"
)

// shareDaemonNetwork points testcontainers at localhost when this process
// runs in a container that also runs the Docker engine (docker-in-docker in
// one network namespace, as on some CI machines). testcontainers sees
// /.dockerenv and a local socket, assumes the engine is the host's, and looks
// for published ports at the default gateway, where nothing answers. When
// the engine's bridge gateway is one of this process's own addresses, the
// engine publishes ports right here. An explicit TESTCONTAINERS_HOST_OVERRIDE
// always wins.
func shareDaemonNetwork() {
	if _, set := os.LookupEnv("TESTCONTAINERS_HOST_OVERRIDE"); set {
		return
	}
	if _, err := os.Stat("/.dockerenv"); err != nil {
		return // not in a container: testcontainers already uses localhost
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cli, err := newDockerClient(ctx)
	if err != nil {
		return
	}
	defer cli.Close()
	bridge, err := cli.NetworkInspect(ctx, "bridge", dockerclient.NetworkInspectOptions{})
	if err != nil {
		return
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return
	}
	for _, c := range bridge.Network.IPAM.Config {
		gw := c.Gateway
		if !gw.IsValid() && c.Subnet.IsValid() {
			// Older engines leave the default gateway out: the bridge
			// takes the subnet's first address.
			gw = c.Subnet.Masked().Addr().Next()
		}
		if !gw.IsValid() {
			continue
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			// A container on the bridge has some other address of the
			// subnet; only the engine's own namespace holds the gateway.
			if ip, ok := netip.AddrFromSlice(ipn.IP); ok && ip.Unmap() == gw.Unmap() {
				_ = os.Setenv("TESTCONTAINERS_HOST_OVERRIDE", "localhost")
				return
			}
		}
	}
}
