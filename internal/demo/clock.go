package demo

import (
	"context"
	"time"
)

// ScaledClock is a generator clock whose time runs Speed times faster than
// the wall clock from the moment it is made, so that a live run covers
// minutes of event time in seconds. It is safe for use by one goroutine
// at a time, as generator.Clock requires.
type ScaledClock struct {
	speed float64
	start time.Time
}

// NewScaledClock returns a clock running speed times the wall clock
// (speed > 0).
func NewScaledClock(speed float64) *ScaledClock {
	return &ScaledClock{speed: speed, start: time.Now()}
}

// Now returns the scaled time.
func (c *ScaledClock) Now() time.Time {
	return c.start.Add(time.Duration(float64(time.Since(c.start)) * c.speed))
}

// Sleep waits d of scaled time (d / speed of wall time) or until ctx is
// done.
func (c *ScaledClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(time.Duration(float64(d) / c.speed))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
