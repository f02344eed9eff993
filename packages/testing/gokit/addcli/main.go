// Command addcli is Go kit's addcli example (examples/addsvc/cmd/addcli, Go kit 0.10) as a
// test peer: it calls addsvc once and prints what the example prints — `1 + 2 = 3` for sum,
// `"ab" + "cd" = "abcd"` for concat, `error: <err>` on stderr with exit status 1 for a
// failure, the usage and exit status 1 for a wrong number of arguments.
//
//	addcli [-http-addr|-grpc-addr|-jsonrpc-addr host:port | -nats-url URL | -amqp-url URL]
//	       [-msg-prefix addsvc] [-method sum|concat] <a> <b>
//
// The first transport flag set, in that order, picks the transport. The HTTP, gRPC and
// JSON-RPC clients are the example's (Go kit's transport packages, the example's client
// limiter and breakers); NATS and AMQP follow svckit's convention (§3 of the examples protocol
// reference). Trimmed: Thrift (no Go Thrift library in Debian) and tracing.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/streadway/amqp"
	"google.golang.org/grpc"

	"github.com/go-kit/kit/log"

	"svckit/gokit/internal/addsvc/addservice"
	"svckit/gokit/internal/addsvc/addtransport"
)

func main() {
	fs := flag.NewFlagSet("addcli", flag.ExitOnError)
	var (
		httpAddr    = fs.String("http-addr", "", "HTTP address of addsvc")
		grpcAddr    = fs.String("grpc-addr", "", "gRPC address of addsvc")
		jsonRPCAddr = fs.String("jsonrpc-addr", "", "JSON RPC address of addsvc")
		natsURL     = fs.String("nats-url", "", "NATS server URL to reach addsvc through")
		amqpURL     = fs.String("amqp-url", "", "AMQP broker URL to reach addsvc through")
		msgPrefix   = fs.String("msg-prefix", "addsvc", "NATS subject and AMQP queue prefix")
		method      = fs.String("method", "sum", "sum, concat")
	)
	fs.Usage = usageFor(fs, os.Args[0]+" [flags] <a> <b>")
	fs.Parse(os.Args[1:])
	if len(fs.Args()) != 2 {
		fs.Usage()
		os.Exit(1)
	}

	var (
		svc addservice.Service
		err error
	)
	if *httpAddr != "" {
		svc, err = addtransport.NewHTTPClient(*httpAddr, log.NewNopLogger())
	} else if *grpcAddr != "" {
		conn, err := grpc.Dial(*grpcAddr, grpc.WithInsecure(), grpc.WithTimeout(time.Second))
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v", err)
			os.Exit(1)
		}
		defer conn.Close()
		svc = addtransport.NewGRPCClient(conn, log.NewNopLogger())
	} else if *jsonRPCAddr != "" {
		svc, err = addtransport.NewJSONRPCClient(*jsonRPCAddr, log.NewNopLogger())
	} else if *natsURL != "" {
		nc, err := nats.Connect(*natsURL)
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			os.Exit(1)
		}
		defer nc.Close()
		svc = addtransport.NewNATSClient(nc, *msgPrefix)
	} else if *amqpURL != "" {
		conn, err := amqp.Dial(*amqpURL)
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			os.Exit(1)
		}
		defer conn.Close()
		ch, err := conn.Channel()
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			os.Exit(1)
		}
		svc, err = addtransport.NewAMQPClient(ch, *msgPrefix)
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			os.Exit(1)
		}
	} else {
		fmt.Fprintf(os.Stderr, "error: no remote address specified\n")
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}

	switch *method {
	case "sum":
		a, _ := strconv.ParseInt(fs.Args()[0], 10, 64)
		b, _ := strconv.ParseInt(fs.Args()[1], 10, 64)
		v, err := svc.Sum(context.Background(), int(a), int(b))
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stdout, "%d + %d = %d\n", a, b, v)

	case "concat":
		a := fs.Args()[0]
		b := fs.Args()[1]
		v, err := svc.Concat(context.Background(), a, b)
		if err != nil {
			fmt.Fprintf(os.Stderr, "error: %v\n", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stdout, "%q + %q = %q\n", a, b, v)

	default:
		fmt.Fprintf(os.Stderr, "error: invalid method %q\n", *method)
		os.Exit(1)
	}
}

func usageFor(fs *flag.FlagSet, short string) func() {
	return func() {
		fmt.Fprintf(os.Stderr, "USAGE\n")
		fmt.Fprintf(os.Stderr, "  %s\n", short)
		fmt.Fprintf(os.Stderr, "\n")
		fmt.Fprintf(os.Stderr, "FLAGS\n")
		w := tabwriter.NewWriter(os.Stderr, 0, 2, 2, ' ', 0)
		fs.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(w, "\t-%s %s\t%s\n", f.Name, f.DefValue, f.Usage)
		})
		w.Flush()
		fmt.Fprintf(os.Stderr, "\n")
	}
}
