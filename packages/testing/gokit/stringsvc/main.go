// Command stringsvc is Go kit's stringsvc3 example (examples/stringsvc3, Go kit 0.10) as a
// test peer: without -proxy it serves stringsvc1's wire (POST or any method on /uppercase and
// /count, {"s"} -> {"v"[,"err"]} plus newline, text/plain as net/http sniffs it); with
// -proxy host:port,... it sends Uppercase to those instances through Go kit's HTTP client,
// each behind a gobreaker breaker (default settings) and an erroring rate limiter (burst 100,
// then 1/s), combined by lb.NewRoundRobin and lb.Retry(3, 250ms), and serves Count itself.
//
// Trimmed from the example: the Prometheus instrumenting middleware and /metrics (Debian's Go
// kit has no metrics package). The logging middleware logs each call to stderr in logfmt.
package main

import (
	"context"
	"flag"
	"net/http"
	"os"

	"github.com/go-kit/kit/log"
	httptransport "github.com/go-kit/kit/transport/http"
)

func main() {
	var (
		listen = flag.String("listen", ":8080", "HTTP listen address")
		proxy  = flag.String("proxy", "", "Optional comma-separated list of URLs to proxy uppercase requests")
	)
	flag.Parse()

	var logger log.Logger
	logger = log.NewLogfmtLogger(os.Stderr)
	logger = log.With(logger, "listen", *listen, "caller", log.DefaultCaller)

	var svc StringService
	svc = stringService{}
	svc = proxyingMiddleware(context.Background(), *proxy, logger)(svc)
	svc = loggingMiddleware(logger)(svc)

	uppercaseHandler := httptransport.NewServer(
		makeUppercaseEndpoint(svc),
		decodeUppercaseRequest,
		encodeResponse,
	)
	countHandler := httptransport.NewServer(
		makeCountEndpoint(svc),
		decodeCountRequest,
		encodeResponse,
	)

	http.Handle("/uppercase", uppercaseHandler)
	http.Handle("/count", countHandler)
	logger.Log("msg", "HTTP", "addr", *listen)
	logger.Log("err", http.ListenAndServe(*listen, nil))
	os.Exit(1)
}
