package gamegen_test

import (
	"fmt"
	"os"

	"github.com/bulwark-sim/bulwark/internal/gamegen"
)

// The depth-2 binary escalation tree of escalation_tree.py 2 2.
func ExampleEscalationTree() {
	if err := gamegen.EscalationTree(os.Stdout, 2, 2, gamegen.TreeOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// EFG 2 R "Crisis escalation d=2 b=2 seed=12345" { "Challenger" "Defender" }
	// ""
	//
	// p "" 1 1 "" { "backdown" "hold" } 0
	// p "" 2 1 "" { "backdown" "hold" } 0
	// t "" 1 "o1" { 6 -20 }
	// t "" 2 "o2" { -1 3 }
	// p "" 2 2 "" { "backdown" "hold" } 0
	// t "" 3 "o3" { -8 -3 }
	// t "" 4 "o4" { 16 7 }
}

// A 3×2 game, as random_bimatrix.py 3 2 --seed 7 --paymax 9 prints it.
func ExampleRandomBimatrix() {
	err := gamegen.RandomBimatrix(os.Stdout, 3, 2, gamegen.BimatrixOptions{Seed: 7, PayMax: 9})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// NFG 1 R "Random bimatrix 3x2 seed=7" { "Row" "Column" } { 3 2 }
	//
	// 5 2 6 0 1 8
	// 1 5 9 0 8 3
}

// The one-guarantor game of guarantor_bayes.py 1 --probe.
func ExampleGuarantorBayes() {
	if err := gamegen.GuarantorBayes(os.Stdout, 1, gamegen.GuarantorOptions{Probe: true}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// EFG 2 R "Guarantee game k=1 seed=12345 probe" { "Attacker" "Guarantor1" }
	// ""
	//
	// c "" 1 "type1.1" { "G1-Resolute" 2/3 "G1-Irresolute" 1/3 } 0
	// p "" 1 1 "Attacker" { "Refrain" "Attack" "Probe" } 0
	// t "" 1 "o1" { 1 0 }
	// p "" 2 1 "G1-Resolute" { "Honour" "Abandon" } 0
	// t "" 2 "o2" { -1 1 }
	// t "" 3 "o3" { 3 -4 }
	// p "" 2 1 0
	// t "" 4 "o4" { -2 1 }
	// t "" 5 "o5" { 1 -4 }
	// p "" 1 1 0
	// t "" 6 "o6" { -1 1 }
	// p "" 2 2 "G1-Irresolute" { "Honour" "Abandon" } 0
	// t "" 7 "o7" { -1 -3 }
	// t "" 8 "o8" { 5 -3 }
	// p "" 2 2 0
	// t "" 9 "o9" { -2 -3 }
	// t "" 10 "o10" { 1 -2 }
}
