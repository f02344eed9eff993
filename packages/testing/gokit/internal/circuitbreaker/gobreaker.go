// Package circuitbreaker is the part of Go kit's circuitbreaker package the examples use,
// which Debian's Go kit 0.10 does not ship: the Gobreaker endpoint middleware, over the
// gobreaker state machine of ../gobreaker.
package circuitbreaker

import (
	"context"

	"github.com/go-kit/kit/endpoint"

	"svckit/gokit/internal/gobreaker"
)

// Gobreaker returns an endpoint.Middleware that runs each call through cb: an endpoint error
// counts as a failure, and a refused call fails with gobreaker's ErrOpenState or
// ErrTooManyRequests (Go kit's circuitbreaker.Gobreaker).
func Gobreaker(cb *gobreaker.CircuitBreaker) endpoint.Middleware {
	return func(next endpoint.Endpoint) endpoint.Endpoint {
		return func(ctx context.Context, request interface{}) (interface{}, error) {
			return cb.Execute(func() (interface{}, error) { return next(ctx, request) })
		}
	}
}
