# CG303: an agreement relied on expires soon.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg303

import rego.v1

deny contains finding if {
	some name, facts in input.facts.agreements
	facts.daysToExpiry <= input.settings.expiryWarningDays
	facts.daysToExpiry >= 0
	facts.state == "InForce"
	facts.reliedOn
	agreement := input.agreements[name]
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "expiresOn"],
		"message": sprintf("agreement %s expires on %s, in %d days", [name, agreement.spec.expiresOn, facts.daysToExpiry]),
		"help": "start the renewal now so that care and analysis are not interrupted",
	}
}
