# CG305: an agreement relied on is terminated or not yet effective.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg305

import rego.v1

deny contains finding if {
	some name in input.facts.agreementsByState.Terminated
	input.facts.agreements[name].reliedOn
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "terminated"],
		"message": sprintf("agreement %s is terminated and still relied on", [name]),
		"help": "replace it with an agreement in force, or stop the processing that relies on it",
	}
}

deny contains finding if {
	some name in input.facts.agreementsByState.NotYetEffective
	input.facts.agreements[name].reliedOn
	agreement := input.agreements[name]
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "effectiveFrom"],
		"message": sprintf("agreement %s is relied on but is not effective until %s", [name, agreement.spec.effectiveFrom]),
		"help": "do not start the processing before the agreement is effective, or correct effectiveFrom",
	}
}
