// Package gobreaker is a circuit breaker with the state machine and defaults of
// github.com/sony/gobreaker, which Go kit's examples use and Debian does not package.
//
// Only what the examples need is here: Settings (Name, MaxRequests, Interval, Timeout,
// ReadyToTrip, OnStateChange), NewCircuitBreaker and Execute. The defaults are gobreaker's:
// MaxRequests 1, Interval 0 (counts never cleared while closed), Timeout 60 s, and
// ReadyToTrip "more than 5 consecutive failures". The errors read as gobreaker's:
// "circuit breaker is open" and, for the calls beyond MaxRequests in the half-open state,
// "too many requests".
package gobreaker

import (
	"errors"
	"sync"
	"time"
)

// State is the state of a CircuitBreaker.
type State int

// The three states, as gobreaker numbers them.
const (
	StateClosed State = iota
	StateHalfOpen
	StateOpen
)

func (s State) String() string {
	switch s {
	case StateClosed:
		return "closed"
	case StateHalfOpen:
		return "half-open"
	case StateOpen:
		return "open"
	}
	return "unknown"
}

var (
	// ErrTooManyRequests is returned in the half-open state beyond MaxRequests calls.
	ErrTooManyRequests = errors.New("too many requests")
	// ErrOpenState is returned while the breaker is open.
	ErrOpenState = errors.New("circuit breaker is open")
)

// Counts are the numbers of requests and their outcomes in the current generation.
type Counts struct {
	Requests             uint32
	TotalSuccesses       uint32
	TotalFailures        uint32
	ConsecutiveSuccesses uint32
	ConsecutiveFailures  uint32
}

func (c *Counts) onSuccess() {
	c.TotalSuccesses++
	c.ConsecutiveSuccesses++
	c.ConsecutiveFailures = 0
}

func (c *Counts) onFailure() {
	c.TotalFailures++
	c.ConsecutiveFailures++
	c.ConsecutiveSuccesses = 0
}

// Settings configures a CircuitBreaker; the zero value gives gobreaker's defaults.
type Settings struct {
	Name          string
	MaxRequests   uint32
	Interval      time.Duration
	Timeout       time.Duration
	ReadyToTrip   func(counts Counts) bool
	OnStateChange func(name string, from State, to State)
}

// CircuitBreaker is a state machine that refuses calls while its target keeps failing.
type CircuitBreaker struct {
	settings   Settings
	mutex      sync.Mutex
	state      State
	generation uint64
	counts     Counts
	expiry     time.Time
}

// NewCircuitBreaker returns a closed CircuitBreaker configured by st.
func NewCircuitBreaker(st Settings) *CircuitBreaker {
	if st.MaxRequests == 0 {
		st.MaxRequests = 1
	}
	if st.Interval < 0 {
		st.Interval = 0
	}
	if st.Timeout <= 0 {
		st.Timeout = 60 * time.Second
	}
	if st.ReadyToTrip == nil {
		st.ReadyToTrip = func(counts Counts) bool { return counts.ConsecutiveFailures > 5 }
	}
	cb := &CircuitBreaker{settings: st}
	cb.toNewGeneration(time.Now())
	return cb
}

// Name returns the breaker's name.
func (cb *CircuitBreaker) Name() string { return cb.settings.Name }

// State returns the breaker's current state.
func (cb *CircuitBreaker) State() State {
	cb.mutex.Lock()
	defer cb.mutex.Unlock()
	state, _ := cb.currentState(time.Now())
	return state
}

// Execute runs req when the breaker lets it, and counts its error as a failure.
func (cb *CircuitBreaker) Execute(req func() (interface{}, error)) (interface{}, error) {
	generation, err := cb.beforeRequest()
	if err != nil {
		return nil, err
	}
	defer func() {
		if e := recover(); e != nil {
			cb.afterRequest(generation, false)
			panic(e)
		}
	}()
	result, err := req()
	cb.afterRequest(generation, err == nil)
	return result, err
}

func (cb *CircuitBreaker) beforeRequest() (uint64, error) {
	cb.mutex.Lock()
	defer cb.mutex.Unlock()
	state, generation := cb.currentState(time.Now())
	if state == StateOpen {
		return generation, ErrOpenState
	} else if state == StateHalfOpen && cb.counts.Requests >= cb.settings.MaxRequests {
		return generation, ErrTooManyRequests
	}
	cb.counts.Requests++
	return generation, nil
}

func (cb *CircuitBreaker) afterRequest(before uint64, success bool) {
	cb.mutex.Lock()
	defer cb.mutex.Unlock()
	now := time.Now()
	state, generation := cb.currentState(now)
	if generation != before {
		return
	}
	if success {
		cb.onSuccess(state, now)
	} else {
		cb.onFailure(state, now)
	}
}

func (cb *CircuitBreaker) onSuccess(state State, now time.Time) {
	switch state {
	case StateClosed:
		cb.counts.onSuccess()
	case StateHalfOpen:
		cb.counts.onSuccess()
		if cb.counts.ConsecutiveSuccesses >= cb.settings.MaxRequests {
			cb.setState(StateClosed, now)
		}
	}
}

func (cb *CircuitBreaker) onFailure(state State, now time.Time) {
	switch state {
	case StateClosed:
		cb.counts.onFailure()
		if cb.settings.ReadyToTrip(cb.counts) {
			cb.setState(StateOpen, now)
		}
	case StateHalfOpen:
		cb.setState(StateOpen, now)
	}
}

func (cb *CircuitBreaker) currentState(now time.Time) (State, uint64) {
	switch cb.state {
	case StateClosed:
		if !cb.expiry.IsZero() && cb.expiry.Before(now) {
			cb.toNewGeneration(now)
		}
	case StateOpen:
		if cb.expiry.Before(now) {
			cb.setState(StateHalfOpen, now)
		}
	}
	return cb.state, cb.generation
}

func (cb *CircuitBreaker) setState(state State, now time.Time) {
	if cb.state == state {
		return
	}
	prev := cb.state
	cb.state = state
	cb.toNewGeneration(now)
	if cb.settings.OnStateChange != nil {
		cb.settings.OnStateChange(cb.settings.Name, prev, state)
	}
}

func (cb *CircuitBreaker) toNewGeneration(now time.Time) {
	cb.generation++
	cb.counts = Counts{}
	var zero time.Time
	switch cb.state {
	case StateClosed:
		if cb.settings.Interval == 0 {
			cb.expiry = zero
		} else {
			cb.expiry = now.Add(cb.settings.Interval)
		}
	case StateOpen:
		cb.expiry = now.Add(cb.settings.Timeout)
	default:
		cb.expiry = zero
	}
}
