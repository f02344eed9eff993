package addtransport

import (
	"context"
	"encoding/json"
	"time"

	"github.com/streadway/amqp"
	"golang.org/x/time/rate"

	"github.com/go-kit/kit/endpoint"
	"github.com/go-kit/kit/log"
	"github.com/go-kit/kit/ratelimit"
	"github.com/go-kit/kit/transport"
	amqptransport "github.com/go-kit/kit/transport/amqp"

	"svckit/gokit/internal/addsvc/addendpoint"
	"svckit/gokit/internal/addsvc/addservice"
	"svckit/gokit/internal/circuitbreaker"
	"svckit/gokit/internal/gobreaker"
)

const jsonContentType = "application/json"

// ServeAMQP declares the queues <prefix>.sum and <prefix>.concat (not durable, not exclusive,
// not auto-delete) on ch and serves each delivery (auto-ack) with Go kit's amqp Subscriber:
// the reply goes to the default exchange with routing key ReplyTo, echoes the CorrelationId,
// has ContentType application/json, and a decode or endpoint error is answered with
// ReplyErrorEncoder ({"err":"..."}). It returns once both consumers are registered.
func ServeAMQP(ch *amqp.Channel, prefix string, endpoints addendpoint.Set, logger log.Logger) error {
	options := []amqptransport.SubscriberOption{
		amqptransport.SubscriberBefore(amqptransport.SetContentType(jsonContentType)),
		amqptransport.SubscriberErrorEncoder(amqptransport.ReplyErrorEncoder),
		amqptransport.SubscriberErrorHandler(transport.NewLogErrorHandler(logger)),
	}
	subscribers := map[string]*amqptransport.Subscriber{
		prefix + ".sum":    amqptransport.NewSubscriber(endpoints.SumEndpoint, decodeAMQPSumRequest, encodeAMQPSumResponse, options...),
		prefix + ".concat": amqptransport.NewSubscriber(endpoints.ConcatEndpoint, decodeAMQPConcatRequest, encodeAMQPConcatResponse, options...),
	}
	for name, sub := range subscribers {
		q, err := ch.QueueDeclare(name, false, false, false, false, nil)
		if err != nil {
			return err
		}
		deliveries, err := ch.Consume(q.Name, "", true, false, false, false, nil)
		if err != nil {
			return err
		}
		serve := sub.ServeDelivery(ch)
		go func() {
			for d := range deliveries {
				d := d
				go serve(&d)
			}
		}()
	}
	return nil
}

// NewAMQPClient returns an AddService calling <prefix>.sum and <prefix>.concat over AMQP RPC
// with Go kit's amqp Publisher: replies come to an exclusive, auto-delete, server-named queue
// (ReplyTo), matched by a random CorrelationId; ContentType application/json; 10 s timeout.
// The client middlewares are those of the example's other clients.
func NewAMQPClient(ch *amqp.Channel, prefix string) (addservice.Service, error) {
	q, err := ch.QueueDeclare("", false, true, true, false, nil)
	if err != nil {
		return nil, err
	}
	limiter := ratelimit.NewErroringLimiter(rate.NewLimiter(rate.Every(time.Second), 100))
	publisher := func(key string, enc amqptransport.EncodeRequestFunc, dec amqptransport.DecodeResponseFunc) endpoint.Endpoint {
		return amqptransport.NewPublisher(ch, &q, enc, dec,
			amqptransport.PublisherBefore(
				amqptransport.SetPublishKey(key),
				amqptransport.SetContentType(jsonContentType),
			),
		).Endpoint()
	}
	var sumEndpoint endpoint.Endpoint
	{
		sumEndpoint = publisher(prefix+".sum", encodeAMQPSumRequest, decodeAMQPSumResponse)
		sumEndpoint = limiter(sumEndpoint)
		sumEndpoint = circuitbreaker.Gobreaker(gobreaker.NewCircuitBreaker(gobreaker.Settings{
			Name:    "Sum",
			Timeout: 30 * time.Second,
		}))(sumEndpoint)
	}
	var concatEndpoint endpoint.Endpoint
	{
		concatEndpoint = publisher(prefix+".concat", encodeAMQPConcatRequest, decodeAMQPConcatResponse)
		concatEndpoint = limiter(concatEndpoint)
		concatEndpoint = circuitbreaker.Gobreaker(gobreaker.NewCircuitBreaker(gobreaker.Settings{
			Name:    "Concat",
			Timeout: 10 * time.Second,
		}))(concatEndpoint)
	}
	return addendpoint.Set{SumEndpoint: sumEndpoint, ConcatEndpoint: concatEndpoint}, nil
}

func decodeAMQPSumRequest(_ context.Context, d *amqp.Delivery) (interface{}, error) {
	var req msgSumRequest
	if err := json.Unmarshal(d.Body, &req); err != nil {
		return nil, err
	}
	return addendpoint.SumRequest{A: req.A, B: req.B}, nil
}

func decodeAMQPConcatRequest(_ context.Context, d *amqp.Delivery) (interface{}, error) {
	var req msgConcatRequest
	if err := json.Unmarshal(d.Body, &req); err != nil {
		return nil, err
	}
	return addendpoint.ConcatRequest{A: req.A, B: req.B}, nil
}

func encodeAMQPSumResponse(ctx context.Context, pub *amqp.Publishing, response interface{}) error {
	return amqptransport.EncodeJSONResponse(ctx, pub, sumReplyOf(response))
}

func encodeAMQPConcatResponse(ctx context.Context, pub *amqp.Publishing, response interface{}) error {
	return amqptransport.EncodeJSONResponse(ctx, pub, concatReplyOf(response))
}

func encodeAMQPSumRequest(_ context.Context, pub *amqp.Publishing, request interface{}) error {
	req := request.(addendpoint.SumRequest)
	b, err := json.Marshal(msgSumRequest{A: req.A, B: req.B})
	pub.Body = b
	return err
}

func encodeAMQPConcatRequest(_ context.Context, pub *amqp.Publishing, request interface{}) error {
	req := request.(addendpoint.ConcatRequest)
	b, err := json.Marshal(msgConcatRequest{A: req.A, B: req.B})
	pub.Body = b
	return err
}

func decodeAMQPSumResponse(_ context.Context, d *amqp.Delivery) (interface{}, error) {
	return decodeSumReply(d.Body)
}

func decodeAMQPConcatResponse(_ context.Context, d *amqp.Delivery) (interface{}, error) {
	return decodeConcatReply(d.Body)
}
