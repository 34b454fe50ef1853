package adwarehouse_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/streamsql/streamsql/generator"
	"github.com/streamsql/streamsql/generator/adwarehouse"
)

// writeFiles generates two minutes of events with seed into a new
// directory and returns the files' contents by topic.
func writeFiles(t *testing.T, seed int64) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	c := adwarehouse.DefaultConfig()
	c.Seed = seed
	c.Duration = 2 * time.Minute
	g, err := adwarehouse.New(c)
	if err != nil {
		t.Fatal(err)
	}
	sink, err := generator.NewFileSink(dir, adwarehouse.Topics...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Run(context.Background(), g, sink, generator.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, topic := range adwarehouse.Topics {
		b, err := os.ReadFile(generator.Path(dir, topic))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Fatalf("%s is empty", topic)
		}
		out[topic] = b
	}
	return out
}

func TestFilesReproducible(t *testing.T) {
	a, b, other := writeFiles(t, 7), writeFiles(t, 7), writeFiles(t, 8)
	for _, topic := range adwarehouse.Topics {
		if !bytes.Equal(a[topic], b[topic]) {
			t.Errorf("%s differs between two runs with the same seed", topic)
		}
		if bytes.Equal(a[topic], other[topic]) {
			t.Errorf("%s is the same for seeds 7 and 8", topic)
		}
	}
}
