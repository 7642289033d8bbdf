package server_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/bulwark-sim/bulwark/server"
)

// A server without a store: validate the default scenario, start a small
// run and read its events to the end.
func Example() {
	srv := server.New(server.Config{})
	defer srv.Shutdown()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	resp, err := http.Post(ts.URL+"/api/validate", "application/json", strings.NewReader(`{}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, strings.HasPrefix(string(b), `{"ok":true,"scenario":"menon2023"`))

	resp, err = http.Post(ts.URL+"/api/runs", "application/json",
		strings.NewReader(`{"arrangements":["none"],"samples":1000}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Print(resp.StatusCode, " ", string(b))

	resp, err = http.Get(ts.URL + "/api/runs/r-1/events")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "event: done") {
			sc.Scan()
			fmt.Println(sc.Text())
		}
	}
	// Output:
	// 200 true
	// 202 {"id":"r-1","status":"running","url":"/runs/r-1"}
	// data: {"id":"r-1","status":"complete","url":"/runs/r-1"}
}

func ExampleIsLoopback() {
	for _, addr := range []string{"127.0.0.1:8080", "localhost:8080", "[::1]:8080", "0.0.0.0:8080", ":8080"} {
		fmt.Println(addr, server.IsLoopback(addr))
	}
	// Output:
	// 127.0.0.1:8080 true
	// localhost:8080 true
	// [::1]:8080 true
	// 0.0.0.0:8080 false
	// :8080 false
}
