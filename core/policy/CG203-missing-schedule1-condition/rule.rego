# CG203: the Article 9 condition needs a DPA 2018 Schedule 1 condition.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg203

import rego.v1

needs_schedule1 := {"HealthOrSocialCare", "PublicHealth", "Research", "SubstantialPublicInterest"}

deny contains finding if {
	some name, basis in input.lawfulBases
	basis.spec.article9 in needs_schedule1
	not basis.spec.dpa2018Schedule1
	finding := {
		"resource": {"kind": "LawfulBasis", "name": name},
		"path": ["spec", "dpa2018Schedule1"],
		"message": sprintf("Article 9 condition %s needs a DPA 2018 Schedule 1 condition and lawful basis %s gives none", [basis.spec.article9, name]),
		"help": "add spec.dpa2018Schedule1, e.g. \"Part 1 paragraph 2\" for HealthOrSocialCare",
	}
}
