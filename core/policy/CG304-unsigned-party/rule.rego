# CG304: a party of an agreement relied on has not signed.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg304

import rego.v1

deny contains finding if {
	some name, facts in input.facts.agreements
	some unsigned in facts.unsigned
	facts.reliedOn
	agreement := input.agreements[name]
	some i, party in agreement.spec.parties
	party.organisation == unsigned
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": path(party, i),
		"message": message(name, party),
		"help": sprintf("collect %s's signature; flows that need %s are not covered by %s until then", [party.organisation, party.organisation, name]),
	}
}

path(party, i) := ["spec", "parties", i, "signedOn"] if party.signedOn

path(party, i) := ["spec", "parties", i] if not party.signedOn

message(name, party) := sprintf("%s has not signed agreement %s", [party.organisation, name]) if not party.signedOn

message(name, party) := sprintf("%s's signature on agreement %s is dated %s, after today", [party.organisation, name, party.signedOn]) if party.signedOn
