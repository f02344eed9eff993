// Package natstransport is NATS request/reply for Go kit endpoints, on the packaged nats.go
// client, with the API and the wire of Go kit's transport/nats (v0.10), which Debian's Go kit
// does not ship: a Subscriber serves an endpoint on a subject and answers each request once on
// its reply subject; a Publisher is a client endpoint that sends a request and waits for the
// reply (10 s by default). Payloads are json.Marshal output (no trailing newline); a decode or
// endpoint error is answered as {"err":"<text>"}. No NATS headers are used.
package natstransport

import (
	"context"
	"encoding/json"

	"github.com/go-kit/kit/endpoint"
	"github.com/go-kit/kit/log"
	"github.com/go-kit/kit/transport"
	"github.com/nats-io/nats.go"
)

// DecodeRequestFunc extracts a request object from a NATS message.
type DecodeRequestFunc func(context.Context, *nats.Msg) (request interface{}, err error)

// EncodeResponseFunc publishes a response object to the reply subject.
type EncodeResponseFunc func(context.Context, string, *nats.Conn, interface{}) error

// ErrorEncoder publishes an error to the reply subject.
type ErrorEncoder func(ctx context.Context, err error, reply string, nc *nats.Conn)

// Subscriber wraps an endpoint and provides a nats.MsgHandler.
type Subscriber struct {
	e            endpoint.Endpoint
	dec          DecodeRequestFunc
	enc          EncodeResponseFunc
	errorEncoder ErrorEncoder
	errorHandler transport.ErrorHandler
}

// SubscriberOption sets an optional parameter for subscribers.
type SubscriberOption func(*Subscriber)

// SubscriberErrorEncoder replaces DefaultErrorEncoder.
func SubscriberErrorEncoder(ee ErrorEncoder) SubscriberOption {
	return func(s *Subscriber) { s.errorEncoder = ee }
}

// SubscriberErrorHandler receives every error the subscriber answers with.
func SubscriberErrorHandler(h transport.ErrorHandler) SubscriberOption {
	return func(s *Subscriber) { s.errorHandler = h }
}

// NewSubscriber constructs a Subscriber for one endpoint.
func NewSubscriber(
	e endpoint.Endpoint,
	dec DecodeRequestFunc,
	enc EncodeResponseFunc,
	options ...SubscriberOption,
) *Subscriber {
	s := &Subscriber{
		e:            e,
		dec:          dec,
		enc:          enc,
		errorEncoder: DefaultErrorEncoder,
		errorHandler: transport.NewLogErrorHandler(log.NewNopLogger()),
	}
	for _, option := range options {
		option(s)
	}
	return s
}

// ServeMsg returns the handler of one subscription: decode, call the endpoint, encode.
// A message without a reply subject gets no answer.
func (s Subscriber) ServeMsg(nc *nats.Conn) func(msg *nats.Msg) {
	return func(msg *nats.Msg) {
		if msg.Reply == "" {
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		request, err := s.dec(ctx, msg)
		if err != nil {
			s.errorHandler.Handle(ctx, err)
			s.errorEncoder(ctx, err, msg.Reply, nc)
			return
		}
		response, err := s.e(ctx, request)
		if err != nil {
			s.errorHandler.Handle(ctx, err)
			s.errorEncoder(ctx, err, msg.Reply, nc)
			return
		}
		if err := s.enc(ctx, msg.Reply, nc, response); err != nil {
			s.errorHandler.Handle(ctx, err)
			s.errorEncoder(ctx, err, msg.Reply, nc)
		}
	}
}

// EncodeJSONResponse publishes json.Marshal(response) to the reply subject.
func EncodeJSONResponse(_ context.Context, reply string, nc *nats.Conn, response interface{}) error {
	b, err := json.Marshal(response)
	if err != nil {
		return err
	}
	return nc.Publish(reply, b)
}

// DefaultErrorEncoder publishes {"err":"<error text>"} to the reply subject.
func DefaultErrorEncoder(_ context.Context, err error, reply string, nc *nats.Conn) {
	b, merr := json.Marshal(errorWrapper{Error: err.Error()})
	if merr != nil {
		return
	}
	_ = nc.Publish(reply, b)
}

type errorWrapper struct {
	Error string `json:"err"`
}
