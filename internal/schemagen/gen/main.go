// Command gen writes Bulwark's JSON Schemas into schema/. Run it from the
// module root: go run ./internal/schemagen/gen
package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/bulwark-sim/bulwark/internal/schemagen"
)

func main() {
	for _, name := range slices.Sorted(maps.Keys(schemagen.Files)) {
		b, err := schemagen.Files[name]()
		if err == nil {
			err = os.WriteFile(filepath.Join("schema", name), b, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		fmt.Println("wrote schema/" + name)
	}
}
