# CG302: an agreement relied on has expired.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg302

import rego.v1

deny contains finding if {
	some name in input.facts.agreementsByState.Expired
	input.facts.agreements[name].reliedOn
	agreement := input.agreements[name]
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "expiresOn"],
		"message": sprintf("agreement %s expired on %s and is still relied on", [name, agreement.spec.expiresOn]),
		"help": "renew it (new dates and signatures); access that depends on it is revoked until then",
	}
}
