// Package treaty resolves events into obligations: commitments as code.
//
// Given a scenario's arrangement and an ordered list of events (attacks),
// Resolve works out, for every clause of every treaty in force and every
// party bound by it, whether the party is obliged to act, toward whom,
// how firmly, and why; or, if not, which of a fixed set of reasons applies:
//
//	not-party        the actor holds a role but is not bound by the clause
//	trigger-not-met  the event is not what the clause's trigger names
//	                 (scale below an armed attack, attacker not named, …)
//	out-of-scope     the attacked actor, territory or forces lie outside
//	                 the clause's beneficiaries or territorial scope
//	carved-out       a carve-out (a promise not to invoke the clause) applies
//	is-victim        the party is the one attacked; no one is obliged to
//	                 defend itself
//	is-attacker      the party made the attack
//
// Each event is evaluated in order, by fixed-point iteration over all the
// arrangement's treaties: carve-outs that hold "while engaged" depend on the
// obligations the other treaties create, so the evaluation repeats until no
// party's engagement changes. Obligations that pull a party both ways (a
// neutrality or non-aggression pledge against a defence pledge, say) are
// reported as conflicts.
//
// The semantics of every field are documented in docs/scenario.md.
package treaty
