// Package source reads the inputs of Bulwark's loaders — a file, or
// standard input for "-" — refusing any over a size limit before reading
// it whole, and turning failures into positioned diagnostics that name the
// input.
package source

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bulwark-sim/bulwark/diag"
)

// StdinName is the name standard input goes by in diagnostics.
const StdinName = "<stdin>"

// Read reads path, or stdin when path is "-" and stdin is not nil, refusing
// inputs larger than limit bytes (limitText names the limit for people,
// e.g. "10 MiB"). It returns the name to use in positions and the bytes, or
// a diagnostic.
func Read(path string, stdin io.Reader, limit int64, limitText string) (string, []byte, diag.List) {
	var d diag.List
	tooBig := func(name string, size int64) (string, []byte, diag.List) {
		d.Add(diag.Pos{File: name}, fmt.Sprintf("file is %d bytes, over the %d-byte (%s) limit", size, limit, limitText),
			"split the input or remove unused parts")
		return name, nil, d
	}
	if path == "-" && stdin != nil {
		src, err := io.ReadAll(io.LimitReader(stdin, limit+1))
		if err != nil {
			d.Add(diag.Pos{File: StdinName}, "cannot read standard input: "+err.Error(), "")
			return StdinName, nil, d
		}
		if int64(len(src)) > limit {
			d.Add(diag.Pos{File: StdinName}, fmt.Sprintf("standard input is over the %d-byte (%s) limit", limit, limitText), "")
			return StdinName, nil, d
		}
		return StdinName, src, nil
	}
	if fi, err := os.Stat(path); err == nil && fi.Size() > limit {
		return tooBig(path, fi.Size())
	}
	src, err := os.ReadFile(path)
	if err != nil {
		d.Add(diag.Pos{File: path}, "cannot read file: "+strings.TrimPrefix(err.Error(), "open "+path+": "), "check the path")
		return path, nil, d
	}
	return path, src, nil
}
