package addtransport

import (
	"context"
	"encoding/json"
	"time"

	"github.com/nats-io/nats.go"
	"golang.org/x/time/rate"

	"github.com/go-kit/kit/endpoint"
	"github.com/go-kit/kit/log"
	"github.com/go-kit/kit/ratelimit"
	"github.com/go-kit/kit/transport"

	"svckit/gokit/internal/addsvc/addendpoint"
	"svckit/gokit/internal/addsvc/addservice"
	"svckit/gokit/internal/circuitbreaker"
	"svckit/gokit/internal/gobreaker"
	"svckit/gokit/internal/natstransport"
)

// NATSQueue is the queue group of addsvc's subscriptions.
const NATSQueue = "addsvc"

// ServeNATS subscribes the endpoints to <prefix>.sum and <prefix>.concat (queue group addsvc)
// and returns once the server has the subscriptions.
func ServeNATS(nc *nats.Conn, prefix string, endpoints addendpoint.Set, logger log.Logger) error {
	options := []natstransport.SubscriberOption{
		natstransport.SubscriberErrorHandler(transport.NewLogErrorHandler(logger)),
	}
	sum := natstransport.NewSubscriber(endpoints.SumEndpoint, decodeNATSSumRequest, encodeNATSSumResponse, options...)
	concat := natstransport.NewSubscriber(endpoints.ConcatEndpoint, decodeNATSConcatRequest, encodeNATSConcatResponse, options...)
	if _, err := nc.QueueSubscribe(prefix+".sum", NATSQueue, sum.ServeMsg(nc)); err != nil {
		return err
	}
	if _, err := nc.QueueSubscribe(prefix+".concat", NATSQueue, concat.ServeMsg(nc)); err != nil {
		return err
	}
	return nc.Flush()
}

// NewNATSClient returns an AddService calling <prefix>.sum and <prefix>.concat over NATS
// request/reply, with the client middlewares of the example's other clients (a shared
// limiter of 100/s, a breaker per method).
func NewNATSClient(nc *nats.Conn, prefix string) addservice.Service {
	limiter := ratelimit.NewErroringLimiter(rate.NewLimiter(rate.Every(time.Second), 100))
	var sumEndpoint endpoint.Endpoint
	{
		sumEndpoint = natstransport.NewPublisher(nc, prefix+".sum", encodeNATSSumRequest, decodeNATSSumResponse).Endpoint()
		sumEndpoint = limiter(sumEndpoint)
		sumEndpoint = circuitbreaker.Gobreaker(gobreaker.NewCircuitBreaker(gobreaker.Settings{
			Name:    "Sum",
			Timeout: 30 * time.Second,
		}))(sumEndpoint)
	}
	var concatEndpoint endpoint.Endpoint
	{
		concatEndpoint = natstransport.NewPublisher(nc, prefix+".concat", encodeNATSConcatRequest, decodeNATSConcatResponse).Endpoint()
		concatEndpoint = limiter(concatEndpoint)
		concatEndpoint = circuitbreaker.Gobreaker(gobreaker.NewCircuitBreaker(gobreaker.Settings{
			Name:    "Concat",
			Timeout: 10 * time.Second,
		}))(concatEndpoint)
	}
	return addendpoint.Set{SumEndpoint: sumEndpoint, ConcatEndpoint: concatEndpoint}
}

func decodeNATSSumRequest(_ context.Context, msg *nats.Msg) (interface{}, error) {
	var req msgSumRequest
	if err := json.Unmarshal(msg.Data, &req); err != nil {
		return nil, err
	}
	return addendpoint.SumRequest{A: req.A, B: req.B}, nil
}

func decodeNATSConcatRequest(_ context.Context, msg *nats.Msg) (interface{}, error) {
	var req msgConcatRequest
	if err := json.Unmarshal(msg.Data, &req); err != nil {
		return nil, err
	}
	return addendpoint.ConcatRequest{A: req.A, B: req.B}, nil
}

func encodeNATSSumResponse(ctx context.Context, reply string, nc *nats.Conn, response interface{}) error {
	return natstransport.EncodeJSONResponse(ctx, reply, nc, sumReplyOf(response))
}

func encodeNATSConcatResponse(ctx context.Context, reply string, nc *nats.Conn, response interface{}) error {
	return natstransport.EncodeJSONResponse(ctx, reply, nc, concatReplyOf(response))
}

func encodeNATSSumRequest(ctx context.Context, msg *nats.Msg, request interface{}) error {
	req := request.(addendpoint.SumRequest)
	return natstransport.EncodeJSONRequest(ctx, msg, msgSumRequest{A: req.A, B: req.B})
}

func encodeNATSConcatRequest(ctx context.Context, msg *nats.Msg, request interface{}) error {
	req := request.(addendpoint.ConcatRequest)
	return natstransport.EncodeJSONRequest(ctx, msg, msgConcatRequest{A: req.A, B: req.B})
}

func decodeNATSSumResponse(_ context.Context, msg *nats.Msg) (interface{}, error) {
	return decodeSumReply(msg.Data)
}

func decodeNATSConcatResponse(_ context.Context, msg *nats.Msg) (interface{}, error) {
	return decodeConcatReply(msg.Data)
}

// decodeSumReply decodes {"v":..[,"err":..]} or {"err":..}: a non-empty err is the error.
func decodeSumReply(data []byte) (interface{}, error) {
	var reply msgSumReply
	if err := json.Unmarshal(data, &reply); err != nil {
		return nil, err
	}
	return addendpoint.SumResponse{V: reply.V, Err: str2err(reply.Err)}, nil
}

func decodeConcatReply(data []byte) (interface{}, error) {
	var reply msgConcatReply
	if err := json.Unmarshal(data, &reply); err != nil {
		return nil, err
	}
	return addendpoint.ConcatResponse{V: reply.V, Err: str2err(reply.Err)}, nil
}
