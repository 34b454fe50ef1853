package executor

// drop removes row of side s from the state and releases its ids.
func (j *regularJoin) drop(s int, row uint32, e *RegularJoinEntry) {
	key := e.Key
	j.state.Delete(s, row)
	j.rowT[s].unref(row)
	if key != noKey {
		j.keyT.unref(key)
	}
}

// expire drops the rows of each side with a TTL not written for it.
func (j *regularJoin) expire(now int64) error {
	for s := 0; s < 2; s++ {
		if j.ttl[s] <= 0 {
			continue
		}
		var n int64
		j.state.Expire(s, now-j.ttl[s], func(row uint32, e *RegularJoinEntry) {
			n += e.Count
			j.rowT[s].unref(row)
			if e.Key != noKey {
				j.keyT.unref(e.Key)
			}
		})
		if n > 0 {
			j.metrics.Add(j.expired, n)
		}
	}
	return nil
}

// OnTick implements Ticker: idle state expires.
func (j *regularJoin) OnTick(now int64) error { return j.expire(now) }
