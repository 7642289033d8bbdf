// Package crisis is Bulwark's crisis model: under each arrangement of a
// scenario, how likely renewed aggression is within a horizon of years,
// how far a war would widen, and who would accept the arrangement, with
// the uncertainty of every input carried through by Monte Carlo.
// docs/model.md gives every stage, equation, default and source; the
// comments here point to its sections.
//
// # The model
//
// Nothing names a state. The roles (attacker, target, alliance, patron)
// come from the scenario, the guarantors from each arrangement, and every
// obligation from the treaty engine (package treaty), asked once per
// arrangement about every event the model can produce — each armed attack
// on the target, then a strike on each frontline defender's supply lines
// or territory — and cached for all draws. The uncertain inputs are the
// scenario's assumptions, read by id (ParamIDs); a scenario that lacks one
// inherits it from the embedded default, and Model.Inherited says which.
//
// One draw fixes every input, then for each year of the horizon builds the
// year's crisis as an extensive game — the attacker chooses among no
// attack, gray-zone pressure, a limited incursion and a full invasion; the
// obliged defenders respond (a chance move with the attacker's beliefs);
// if they fight, the attacker chooses whether to strike their supply lines
// or their territory, and the alliance's members whether to join — and
// solves it by backward induction with game.TreeSolver (the tree is built
// once per arrangement with the game package; each draw sets its payoffs
// and chance probabilities). Years are solved from the horizon back, since
// a forward-looking attacker weighs attacking now against attacking later.
// The attacker's plan then meets the parties' actual types: who honours,
// who sends arms only, who abandons; the war's outcome follows from a
// contest success function on the local balance of force. Each party's
// acceptance compares its expected payoff under the arrangement with
// continuing the present war.
//
// # Running it
//
// New builds a Model from a scenario; Model.Run runs its arrangements
// over one stream of random numbers with the montecarlo engine (common
// random numbers: draw i of every arrangement has the same inputs) and
// Model.Report turns the result into a Report, the JSON of
// `bulwark compare`. Besides means and intervals the run counts the
// target's territory share, every actor's cost and the year of the first
// attack in fixed bins (montecarlo histograms), so that the Report also
// gives their distributions (Estimate.Distribution). Model.NewSampler gives a montecarlo.Sampler of one
// arrangement; it keeps all its scratch state and makes no allocation per
// draw.
//
// A draw's random numbers are derived from three words of the engine's
// generator by a SplitMix64 hash keyed by name: each assumption's uniform
// by its id, each party's type by its actor id, each event by its place in
// the draw. A draw's numbers therefore do not depend on which arrangements
// run, nor on how many parties an arrangement obliges: adding a guarantor
// leaves every other party's type unchanged.
package crisis
