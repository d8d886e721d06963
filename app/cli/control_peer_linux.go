package cli

import (
	"context"
	"net"
	"net/http"
	"os"
	"syscall"

	"github.com/sirupsen/logrus"
)

type peerKey struct{}

// peerContext records the uid of the process on the other end of a
// control connection (SO_PEERCRED).
func peerContext(ctx context.Context, c net.Conn) context.Context {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return ctx
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return ctx
	}
	var cred *syscall.Ucred
	_ = raw.Control(func(fd uintptr) {
		cred, err = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	})
	if err != nil || cred == nil {
		return ctx
	}
	return context.WithValue(ctx, peerKey{}, cred.Uid)
}

// peerCheck lets only the server's own user and root through.
func peerCheck(next http.Handler, log *logrus.Logger) http.Handler {
	self := uint32(os.Getuid())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uid, ok := r.Context().Value(peerKey{}).(uint32)
		if !ok || (uid != self && uid != 0) {
			log.WithField("uid", uid).Warn("control: refused a connection of another user")
			controlFail(w, errPeer, false)
			return
		}
		next.ServeHTTP(w, r)
	})
}
