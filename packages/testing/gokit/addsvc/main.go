// Command addsvc is Go kit's addsvc example (examples/addsvc/cmd/addsvc, Go kit 0.10) as a
// test peer: the Sum and Concat endpoints, with the example's rate limiters and gobreaker
// breakers, served on every transport whose flag is set:
//
//	-http-addr    HTTP (/sum, /concat)                  (example's default :8081)
//	-grpc-addr    gRPC (/pb.Add/Sum, /pb.Add/Concat)    (example's default :8082)
//	-jsonrpc-addr JSON-RPC 2.0 over HTTP (sum, concat)  (example's default :8084)
//	-nats-url     NATS request/reply on <prefix>.sum, <prefix>.concat, queue group addsvc
//	-amqp-url     AMQP RPC on the queues <prefix>.sum, <prefix>.concat
//	-msg-prefix   the subject/queue prefix for NATS and AMQP (default addsvc)
//	-limit=false  leaves the rate limiters out (load and interop tests); the breakers stay
//
// Unlike the example every transport is off unless its flag is given (a test fixture must not
// take fixed ports). NATS and AMQP follow svckit's convention (§3 of the examples protocol
// reference). Trimmed: Thrift (no Go Thrift library in Debian), tracing, metrics and the debug
// listener. Each transport logs `transport=<name> addr=<addr>` once it is serving.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"

	"github.com/nats-io/nats.go"
	"github.com/oklog/run"
	"github.com/streadway/amqp"
	"google.golang.org/grpc"

	"github.com/go-kit/kit/log"
	kitgrpc "github.com/go-kit/kit/transport/grpc"

	"svckit/gokit/internal/addsvc/addendpoint"
	"svckit/gokit/internal/addsvc/addservice"
	"svckit/gokit/internal/addsvc/addtransport"
	addpb "svckit/gokit/internal/addsvc/pb"
)

func main() {
	fs := flag.NewFlagSet("addsvc", flag.ExitOnError)
	var (
		httpAddr    = fs.String("http-addr", "", "HTTP listen address (empty: off)")
		grpcAddr    = fs.String("grpc-addr", "", "gRPC listen address (empty: off)")
		jsonRPCAddr = fs.String("jsonrpc-addr", "", "JSON RPC listen address (empty: off)")
		natsURL     = fs.String("nats-url", "", "NATS server URL to serve on (empty: off)")
		amqpURL     = fs.String("amqp-url", "", "AMQP broker URL to serve on (empty: off)")
		msgPrefix   = fs.String("msg-prefix", "addsvc", "NATS subject and AMQP queue prefix")
		limit       = fs.Bool("limit", true, "server rate limiters (Sum 1/s burst 1, Concat 1/s burst 100)")
	)
	fs.Usage = usageFor(fs, os.Args[0]+" [flags]")
	fs.Parse(os.Args[1:])
	if *httpAddr == "" && *grpcAddr == "" && *jsonRPCAddr == "" && *natsURL == "" && *amqpURL == "" {
		fmt.Fprintf(os.Stderr, "error: no transport: give at least one of -http-addr, -grpc-addr, -jsonrpc-addr, -nats-url, -amqp-url\n")
		os.Exit(2)
	}

	var logger log.Logger
	{
		logger = log.NewLogfmtLogger(log.NewSyncWriter(os.Stderr))
		logger = log.With(logger, "ts", log.DefaultTimestampUTC)
		logger = log.With(logger, "caller", log.DefaultCaller)
	}

	var (
		service        = addservice.New(logger)
		endpoints      = addendpoint.New(service, logger, addendpoint.Options{NoLimit: !*limit})
		httpHandler    = addtransport.NewHTTPHandler(endpoints, logger)
		grpcServer     = addtransport.NewGRPCServer(endpoints, logger)
		jsonrpcHandler = addtransport.NewJSONRPCHandler(endpoints, logger)
	)

	var g run.Group
	if *httpAddr != "" {
		httpListener, err := net.Listen("tcp", *httpAddr)
		if err != nil {
			logger.Log("transport", "HTTP", "during", "Listen", "err", err)
			os.Exit(1)
		}
		g.Add(func() error {
			logger.Log("transport", "HTTP", "addr", *httpAddr)
			return http.Serve(httpListener, httpHandler)
		}, func(error) {
			httpListener.Close()
		})
	}
	if *grpcAddr != "" {
		grpcListener, err := net.Listen("tcp", *grpcAddr)
		if err != nil {
			logger.Log("transport", "gRPC", "during", "Listen", "err", err)
			os.Exit(1)
		}
		g.Add(func() error {
			logger.Log("transport", "gRPC", "addr", *grpcAddr)
			// we add the Go Kit gRPC Interceptor to our gRPC service as it is used by
			// the here demonstrated zipkin tracing middleware.
			baseServer := grpc.NewServer(grpc.UnaryInterceptor(kitgrpc.Interceptor))
			addpb.RegisterAddServer(baseServer, grpcServer)
			return baseServer.Serve(grpcListener)
		}, func(error) {
			grpcListener.Close()
		})
	}
	if *jsonRPCAddr != "" {
		httpListener, err := net.Listen("tcp", *jsonRPCAddr)
		if err != nil {
			logger.Log("transport", "JSONRPC over HTTP", "during", "Listen", "err", err)
			os.Exit(1)
		}
		g.Add(func() error {
			logger.Log("transport", "JSONRPC over HTTP", "addr", *jsonRPCAddr)
			return http.Serve(httpListener, jsonrpcHandler)
		}, func(error) {
			httpListener.Close()
		})
	}
	if *natsURL != "" {
		nc, err := nats.Connect(*natsURL)
		if err != nil {
			logger.Log("transport", "NATS", "during", "Connect", "err", err)
			os.Exit(1)
		}
		if err := addtransport.ServeNATS(nc, *msgPrefix, endpoints, logger); err != nil {
			logger.Log("transport", "NATS", "during", "Subscribe", "err", err)
			os.Exit(1)
		}
		closed := make(chan struct{})
		nc.SetClosedHandler(func(*nats.Conn) { close(closed) })
		g.Add(func() error {
			logger.Log("transport", "NATS", "addr", *natsURL, "prefix", *msgPrefix)
			<-closed
			return fmt.Errorf("NATS connection closed")
		}, func(error) {
			nc.Close()
		})
	}
	if *amqpURL != "" {
		conn, err := amqp.Dial(*amqpURL)
		if err != nil {
			logger.Log("transport", "AMQP", "during", "Dial", "err", err)
			os.Exit(1)
		}
		ch, err := conn.Channel()
		if err != nil {
			logger.Log("transport", "AMQP", "during", "Channel", "err", err)
			os.Exit(1)
		}
		if err := addtransport.ServeAMQP(ch, *msgPrefix, endpoints, logger); err != nil {
			logger.Log("transport", "AMQP", "during", "Consume", "err", err)
			os.Exit(1)
		}
		closed := conn.NotifyClose(make(chan *amqp.Error, 1))
		g.Add(func() error {
			logger.Log("transport", "AMQP", "addr", *amqpURL, "prefix", *msgPrefix)
			if err := <-closed; err != nil {
				return err
			}
			return fmt.Errorf("AMQP connection closed")
		}, func(error) {
			conn.Close()
		})
	}
	{
		// This function just sits and waits for ctrl-C.
		cancelInterrupt := make(chan struct{})
		g.Add(func() error {
			c := make(chan os.Signal, 1)
			signal.Notify(c, syscall.SIGINT, syscall.SIGTERM)
			select {
			case sig := <-c:
				return fmt.Errorf("received signal %s", sig)
			case <-cancelInterrupt:
				return nil
			}
		}, func(error) {
			close(cancelInterrupt)
		})
	}
	logger.Log("exit", g.Run())
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
