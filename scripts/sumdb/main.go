// Command sumdb serves a Go checksum database built on the Go team's own code (golang.org/x/mod/sumdb):
// sumdb.NewServer over sumdb.NewTestServer, signed with a key from note.GenerateKey, holding the go.sum
// lines of a GOPROXY tree. scripts/sumdb.sh builds and runs it; tests use it as the real peer.
//
// All records are added at start-up in go.sum order, so the tree (and its signed head) is fixed and the
// same for every instance given the same file and flags. Unknown module versions are "not found" (404).
//
//	-lie M@V   serve a wrong h1 for the zip of M@V (a database that lies, consistently signed)
//	-fork      add one extra record after the first one (same key, a different history: a split view)
//	-pad N     add N filler records after the go.sum ones, so the tree spans several tiles and levels
package main

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	name := flag.String("name", "sum.proxywatch.test", "database (key) name")
	keyFile := flag.String("key", "", "signer key file; generated (with KEY.pub) when absent")
	gosumFile := flag.String("gosum", "", "go.sum file whose lines the database serves")
	lie := flag.String("lie", "", "MODULE@VERSION whose zip h1 is served wrong")
	fork := flag.Bool("fork", false, "insert one extra record after the first (a forked history)")
	keygen := flag.Bool("keygen", false, "only create the signer key file (and KEY.pub) if absent, then exit")
	pad := flag.Int("pad", 0, "add this many filler records after the go.sum ones (a tree spanning several tiles)")
	flag.Parse()
	if *keyFile == "" || (*gosumFile == "" && !*keygen) {
		log.Fatal("sumdb: -key and -gosum are required")
	}
	skey, err := signerKey(*keyFile, *name)
	if err != nil {
		log.Fatalf("sumdb: %v", err)
	}
	if *keygen {
		return
	}
	records, order, err := readGoSum(*gosumFile, *lie, *fork)
	if err != nil {
		log.Fatalf("sumdb: %v", err)
	}
	for i := 0; i < *pad; i++ {
		mv := fmt.Sprintf("example.com/pad%d@v1.0.0", i)
		records[mv] = fakeRecord(mv)
		order = append(order, mv)
	}
	ts := sumdb.NewTestServer(skey, func(path, vers string) ([]byte, error) {
		if rec, ok := records[path+"@"+vers]; ok {
			return rec, nil
		}
		return nil, fs.ErrNotExist // reported as 404 by sumdb.Server
	})
	for _, mv := range order { // fix the record order (and so the tree) before serving
		i := strings.Index(mv, "@")
		if _, err := ts.Lookup(nil, module.Version{Path: mv[:i], Version: mv[i+1:]}); err != nil {
			log.Fatalf("sumdb: adding %s: %v", mv, err)
		}
	}
	srv := &http.Server{Addr: *addr, Handler: sumdb.NewServer(ts), ReadHeaderTimeout: 10 * time.Second}
	log.Printf("sumdb: %d records, listening on %s", len(order), *addr)
	log.Fatal(srv.ListenAndServe())
}

// signerKey reads the signer key, or generates one and writes it (0600) with its verifier key in KEY.pub.
func signerKey(file, name string) (string, error) {
	data, err := os.ReadFile(file)
	if err == nil {
		return strings.TrimSpace(string(data)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, name)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(file+".pub", []byte(vkey+"\n"), 0o644); err != nil {
		return "", err
	}
	return skey, os.WriteFile(file, []byte(skey+"\n"), 0o600)
}

// readGoSum groups go.sum lines into one record per module version ("M V h1:..\nM V/go.mod h1:..\n").
func readGoSum(file, lie string, fork bool) (map[string][]byte, []string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	records := map[string][]byte{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 || !strings.HasPrefix(fields[2], "h1:") {
			return nil, nil, fmt.Errorf("%s: malformed line %q", file, sc.Text())
		}
		mv := fields[0] + "@" + strings.TrimSuffix(fields[1], "/go.mod")
		if mv == lie && !strings.HasSuffix(fields[1], "/go.mod") {
			fields[2] = wrongHash(fields[2])
		}
		if _, ok := records[mv]; !ok {
			order = append(order, mv)
		}
		records[mv] = append(records[mv], strings.Join(fields, " ")+"\n"...)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	if lie != "" && records[lie] == nil {
		return nil, nil, fmt.Errorf("-lie %s: not in %s", lie, file)
	}
	if fork {
		extra := "example.com/forked@v0.0.1"
		records[extra] = fakeRecord(extra)
		order = append(order[:1], append([]string{extra}, order[1:]...)...)
	}
	return records, order, nil
}

// fakeRecord is a well-formed record for a module version that no proxy serves.
func fakeRecord(mv string) []byte {
	i := strings.Index(mv, "@")
	sum := sha256.Sum256([]byte(mv))
	h1 := "h1:" + base64.StdEncoding.EncodeToString(sum[:])
	return []byte(fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", mv[:i], mv[i+1:], h1, mv[:i], mv[i+1:], h1))
}

// wrongHash is another well-formed h1: the SHA-256 of the true one.
func wrongHash(h1 string) string {
	sum := sha256.Sum256([]byte(h1))
	return "h1:" + base64.StdEncoding.EncodeToString(sum[:])
}
