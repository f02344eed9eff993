// Command stringcli is a stringsvc client on Go kit's HTTP client (Go kit 0.10), built as the
// stringsvc3 example's proxy builds its client (examples/stringsvc3/proxying.go and
// transport.go): GET http://<addr>/<method> with the body json.NewEncoder writes
// ({"s":"..."} plus newline, chunked, no Content-Type); the status is ignored and the body is
// decoded as {"v"[,"err"]}.
//
//	stringcli -addr 127.0.0.1:8080 [-method uppercase|count] <s>...
//
// One line per argument on stdout: `uppercase("héllo") = "HÉLLO"`, or for an in-band
// business error `uppercase("") error: empty string`, or `count("héllo") = 6`. A transport
// or decode error prints `error: <err>` on stderr and exits 1; bad usage exits 2.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/go-kit/kit/endpoint"
	httptransport "github.com/go-kit/kit/transport/http"
)

type stringRequest struct {
	S string `json:"s"`
}

type uppercaseResponse struct {
	V   string `json:"v"`
	Err string `json:"err,omitempty"`
}

type countResponse struct {
	V int `json:"v"`
}

func encodeRequest(_ context.Context, r *http.Request, request interface{}) error {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(request); err != nil {
		return err
	}
	r.Body = ioutil.NopCloser(&buf)
	return nil
}

func decodeUppercaseResponse(_ context.Context, r *http.Response) (interface{}, error) {
	var response uppercaseResponse
	if err := json.NewDecoder(r.Body).Decode(&response); err != nil {
		return nil, err
	}
	return response, nil
}

func decodeCountResponse(_ context.Context, r *http.Response) (interface{}, error) {
	var response countResponse
	if err := json.NewDecoder(r.Body).Decode(&response); err != nil {
		return nil, err
	}
	return response, nil
}

// makeClient is makeUppercaseProxy of stringsvc3, for either method.
func makeClient(instance, method string, dec httptransport.DecodeResponseFunc) (endpoint.Endpoint, error) {
	if !strings.HasPrefix(instance, "http") {
		instance = "http://" + instance
	}
	u, err := url.Parse(instance)
	if err != nil {
		return nil, err
	}
	if u.Path == "" {
		u.Path = "/" + method
	}
	return httptransport.NewClient("GET", u, encodeRequest, dec).Endpoint(), nil
}

func main() {
	fs := flag.NewFlagSet("stringcli", flag.ExitOnError)
	var (
		addr   = fs.String("addr", "", "stringsvc address: host:port or URL (the path defaults to /<method>)")
		method = fs.String("method", "uppercase", "uppercase, count")
	)
	fs.Parse(os.Args[1:])
	if *addr == "" || len(fs.Args()) == 0 {
		fmt.Fprintf(os.Stderr, "usage: stringcli -addr host:port [-method uppercase|count] <s>...\n")
		os.Exit(2)
	}
	var dec httptransport.DecodeResponseFunc
	switch *method {
	case "uppercase":
		dec = decodeUppercaseResponse
	case "count":
		dec = decodeCountResponse
	default:
		fmt.Fprintf(os.Stderr, "error: invalid method %q\n", *method)
		os.Exit(2)
	}
	e, err := makeClient(*addr, *method, dec)
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(2)
	}
	for _, s := range fs.Args() {
		response, err := e(context.Background(), stringRequest{S: s})
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			os.Exit(1)
		}
		switch r := response.(type) {
		case uppercaseResponse:
			if r.Err != "" {
				fmt.Printf("uppercase(%q) error: %s\n", s, r.Err)
			} else {
				fmt.Printf("uppercase(%q) = %q\n", s, r.V)
			}
		case countResponse:
			fmt.Printf("count(%q) = %d\n", s, r.V)
		}
	}
}
