package shard

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that an accepted spec is valid
// and that every error has a message.
// Run it with: go test ./shard -run '^$' -fuzz '^FuzzParse$' -fuzztime 3m -parallel 2
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2/8", "0/1", " 3 / 100 ", "8/8", "-1/4", "1/0", "x/y", "1/1000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := Parse(s)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("error without a message")
			}
			return
		}
		if sp.Count < 1 || sp.Count > MaxShards || sp.Index < 0 || sp.Index >= sp.Count {
			t.Fatalf("Parse(%q) = %+v, not a valid spec", s, sp)
		}
	})
}

// FuzzUnmarshalBinary checks that a corrupted or truncated partial gives an
// error, never a panic or a hang.
// Run it with: go test ./shard -run '^$' -fuzz '^FuzzUnmarshalBinary$' -fuzztime 3m -parallel 2
func FuzzUnmarshalBinary(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("MCPART"))
	// A valid partial of one normal input, 2,000 trials (montecarlo run with
	// --shard 0/2 --partial-out), so mutations reach past the header.
	valid, err := os.ReadFile("testdata/tiny.mcpart")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(data []byte) {
			p := new(Partial)
			if err := p.UnmarshalBinary(data); err != nil && strings.TrimSpace(err.Error()) == "" {
				t.Fatal("error without a message")
			}
		}
		check(data)
		// The same bytes with their checksum made right, so that mutations
		// reach the header and the aggregate's decoder past the CRC.
		if len(data) >= 4 {
			body := data[:len(data)-4]
			check(binary.LittleEndian.AppendUint32(slices.Clip(body), crc32.Checksum(body, crcTable)))
		}
	})
}
