package executor

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Run executes the job. It returns nil when every source ended and every
// sink committed (bounded input); the first error of any operator, after
// cancelling the rest and aborting uncommitted sinks; or ctx.Err() when ctx
// is cancelled (sources stop, sinks abort). Run returns only after every
// goroutine of the job exited and every queued batch was released. It may
// be called once.
func (j *Job) Run(ctx context.Context) error {
	j.mu.Lock()
	if j.started || j.closed {
		j.mu.Unlock()
		return errors.New("executor: job already run or closed")
	}
	j.started = true
	jctx, cancel := context.WithCancel(ctx)
	j.cancel = cancel
	j.mu.Unlock()
	defer cancel()

	var wg sync.WaitGroup
	var finished atomic.Int64
	for _, n := range j.nodes {
		wg.Add(1)
		go func(n *node) {
			defer wg.Done()
			var err error
			if n.src != nil {
				err = n.runSource(jctx, j)
			} else {
				err = n.runOperator(jctx, j)
			}
			if err != nil {
				j.fail(jctx, err)
				return
			}
			finished.Add(1)
		}(n)
	}
	tickDone := make(chan struct{})
	var tickWG sync.WaitGroup
	if j.opts.TickInterval > 0 && len(j.tickers) > 0 {
		tickWG.Add(1)
		go func() {
			defer tickWG.Done()
			t := time.NewTicker(j.opts.TickInterval)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					j.Tick()
				case <-tickDone:
					return
				}
			}
		}()
	}
	wg.Wait()
	close(tickDone)
	tickWG.Wait()
	for _, n := range j.nodes {
		n.drain()
	}

	j.mu.Lock()
	err := j.err
	j.mu.Unlock()
	if err != nil {
		return err
	}
	if finished.Load() == int64(len(j.nodes)) {
		// Every node completed (and every sink committed) even if ctx was
		// cancelled at the very end.
		return nil
	}
	return ctx.Err()
}

// fail records the first error of the job and cancels it. Errors that
// arrive once the job is already stopping are consequences, not causes,
// and are dropped.
func (j *Job) fail(jctx context.Context, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil || jctx.Err() != nil {
		return
	}
	j.err = err
	j.cancel()
}

// drain releases every batch left in the node's queue; called once all
// goroutines exited.
func (n *node) drain() {
	for {
		select {
		case m := <-n.inbox:
			if m.rec != nil {
				m.rec.Release()
			}
		default:
			return
		}
	}
}
