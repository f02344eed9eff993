package addtransport

import (
	"svckit/gokit/internal/addsvc/addendpoint"
)

// The JSON messages of addsvc over NATS and AMQP (svckit's convention, §3 of the examples
// protocol reference): requests {"a":..,"b":..} (decoding is case-insensitive, so "A"/"B" are
// accepted too), replies {"v":..} with "err" only when the business rules refused, and
// {"err":"<text>"} alone for a decode or endpoint error. All json.Marshal, no newline.

type msgSumRequest struct {
	A int `json:"a"`
	B int `json:"b"`
}

type msgConcatRequest struct {
	A string `json:"a"`
	B string `json:"b"`
}

type msgSumReply struct {
	V   int    `json:"v"`
	Err string `json:"err,omitempty"`
}

type msgConcatReply struct {
	V   string `json:"v"`
	Err string `json:"err,omitempty"`
}

func sumReplyOf(response interface{}) msgSumReply {
	r := response.(addendpoint.SumResponse)
	return msgSumReply{V: r.V, Err: err2str(r.Err)}
}

func concatReplyOf(response interface{}) msgConcatReply {
	r := response.(addendpoint.ConcatResponse)
	return msgConcatReply{V: r.V, Err: err2str(r.Err)}
}
