package generator

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

func TestKafkaSinkUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = NewKafkaSink(context.Background(), KafkaOptions{Brokers: []string{addr}, Timeout: 500 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "cannot reach Kafka brokers "+addr) {
		t.Fatalf("err %v, want one naming %s", err, addr)
	}
	if _, err := NewKafkaSink(context.Background(), KafkaOptions{}); err == nil {
		t.Error("want an error without brokers")
	}
}
