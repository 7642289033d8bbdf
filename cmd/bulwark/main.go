// Command bulwark models security guarantees between states. See the
// README and `bulwark --help`.
package main

import (
	"os"

	"github.com/bulwark-sim/bulwark/internal/cli"
)

func main() { os.Exit(cli.Main()) }
