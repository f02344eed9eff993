package natstransport

import (
	"context"
	"encoding/json"
	"time"

	"github.com/go-kit/kit/endpoint"
	"github.com/nats-io/nats.go"
)

// EncodeRequestFunc fills the payload of the request message.
type EncodeRequestFunc func(context.Context, *nats.Msg, interface{}) error

// DecodeResponseFunc extracts a response object from the reply message.
type DecodeResponseFunc func(context.Context, *nats.Msg) (response interface{}, err error)

// Publisher is a client endpoint for one subject.
type Publisher struct {
	nc      *nats.Conn
	subject string
	enc     EncodeRequestFunc
	dec     DecodeResponseFunc
	timeout time.Duration
}

// PublisherOption sets an optional parameter for publishers.
type PublisherOption func(*Publisher)

// PublisherTimeout sets how long a request waits for its reply (10 s by default).
func PublisherTimeout(timeout time.Duration) PublisherOption {
	return func(p *Publisher) { p.timeout = timeout }
}

// NewPublisher constructs a Publisher for one remote method.
func NewPublisher(
	nc *nats.Conn,
	subject string,
	enc EncodeRequestFunc,
	dec DecodeResponseFunc,
	options ...PublisherOption,
) *Publisher {
	p := &Publisher{nc: nc, subject: subject, enc: enc, dec: dec, timeout: 10 * time.Second}
	for _, option := range options {
		option(p)
	}
	return p
}

// Endpoint returns the endpoint that sends a request and decodes its reply. With nobody
// subscribed, it fails at once with nats.ErrNoResponders.
func (p Publisher) Endpoint() endpoint.Endpoint {
	return func(ctx context.Context, request interface{}) (interface{}, error) {
		ctx, cancel := context.WithTimeout(ctx, p.timeout)
		defer cancel()
		msg := nats.Msg{Subject: p.subject}
		if err := p.enc(ctx, &msg, request); err != nil {
			return nil, err
		}
		reply, err := p.nc.RequestWithContext(ctx, msg.Subject, msg.Data)
		if err != nil {
			return nil, err
		}
		return p.dec(ctx, reply)
	}
}

// EncodeJSONRequest sets the payload to json.Marshal(request).
func EncodeJSONRequest(_ context.Context, msg *nats.Msg, request interface{}) error {
	b, err := json.Marshal(request)
	if err != nil {
		return err
	}
	msg.Data = b
	return nil
}
